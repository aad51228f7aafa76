from django.urls import path

from .views import agenda, attendees, checkin, dashboard, organiser, public, registration

app_name = "events"
urlpatterns = [
    path("", public.index, name="index"),
    path("arrangor/", organiser.organiser_home, name="organiser_home"),
    path("min-dag/", registration.my_next_day, name="my_next_day"),
    path("nytt/", organiser.event_create, name="event_create"),
    path("serie/ny/", organiser.series_create, name="series_create"),
    path("serie/<slug:slug>/", public.series_detail, name="series_detail"),
    path("serie/<slug:slug>/redigera/", organiser.series_edit, name="series_edit"),
    path("serie/<slug:slug>/kalender.ics", public.series_feed, name="series_feed"),
    path("<slug:slug>/", public.event_detail, name="event_detail"),
    path("<slug:slug>/kalender.ics", public.event_ics, name="event_ics"),
    # participant
    path("<slug:slug>/anmalan/", registration.register, name="register"),
    path("<slug:slug>/anmalan/klar/", registration.registration_result, name="registration_result"),
    path("<slug:slug>/anmalan/avboka/", registration.registration_cancel, name="registration_cancel"),
    path("<slug:slug>/min-dag/", registration.my_day, name="my_day"),
    # organiser
    path("<slug:slug>/redigera/", organiser.event_edit, name="event_edit"),
    path("<slug:slug>/publicera/", organiser.event_publish, name="event_publish"),
    path("<slug:slug>/stall-in/", organiser.event_cancel, name="event_cancel"),
    path("<slug:slug>/avsluta/", organiser.event_finish, name="event_finish"),
    path("<slug:slug>/program/", agenda.agenda_edit, name="agenda_edit"),
    path("<slug:slug>/oversikt/", dashboard.event_dashboard, name="event_dashboard"),
    path("<slug:slug>/deltagare.csv", dashboard.export_csv, name="export_csv"),
    path("<slug:slug>/deltagare.xlsx", dashboard.export_xlsx, name="export_xlsx"),
    path("<slug:slug>/deltagarlista/", dashboard.participant_list, name="participant_list"),
    path("<slug:slug>/namnbrickor/", dashboard.badges, name="badges"),
    path("<slug:slug>/anmal-deltagare/", attendees.register_other, name="register_other"),
    path("<slug:slug>/import/", attendees.import_registrations, name="import"),
    path("<slug:slug>/pa-plats/", attendees.walk_in, name="walk_in"),
    path("<slug:slug>/anmalningar/<int:pk>/avboka/", attendees.cancel_registration,
         name="cancel_registration"),
    # check-in
    path("<slug:slug>/incheckning/", checkin.checkin, name="checkin"),
    path("<slug:slug>/incheckning/kod/", checkin.checkin_code, name="checkin_code"),
    path("<slug:slug>/incheckning/sok/", checkin.checkin_search, name="checkin_search"),
    path("<slug:slug>/incheckning/siffror/", checkin.checkin_counts, name="checkin_counts"),
    path("<slug:slug>/incheckning/<int:pk>/", checkin.checkin_registration, name="checkin_registration"),
    path("<slug:slug>/incheckning/<int:pk>/angra/", checkin.checkin_undo, name="checkin_undo"),
]
