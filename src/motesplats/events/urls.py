from django.urls import path

from motesplats.common.views import legacy_redirects

from .views import agenda, attendees, checkin, dashboard, guests, organiser, public, registration

app_name = "events"

# The Swedish paths of the first release, redirected for good (old links, bookmarks, printed QR codes).
# They come first: one-segment old paths such as "nytt/" would otherwise be read as an event's slug.
OLD_PATHS = {
    "arrangor/": "events:organiser_home",
    "min-dag/": "events:my_next_day",
    "nytt/": "events:event_create",
    "serie/ny/": "events:series_create",
    "serie/<slug:slug>/": "events:series_detail",
    "serie/<slug:slug>/redigera/": "events:series_edit",
    "serie/<slug:slug>/kalender.ics": "events:series_feed",
    "<slug:slug>/kalender.ics": "events:event_ics",
    "<slug:slug>/anmalan/": "events:register",
    "<slug:slug>/anmalan/klar/": "events:registration_result",
    "<slug:slug>/anmalan/avboka/": "events:registration_cancel",
    "<slug:slug>/min-dag/": "events:my_day",
    "<slug:slug>/redigera/": "events:event_edit",
    "<slug:slug>/publicera/": "events:event_publish",
    "<slug:slug>/stall-in/": "events:event_cancel",
    "<slug:slug>/avsluta/": "events:event_finish",
    "<slug:slug>/program/": "events:agenda_edit",
    "<slug:slug>/oversikt/": "events:event_dashboard",
    "<slug:slug>/deltagare.csv": "events:export_csv",
    "<slug:slug>/deltagare.xlsx": "events:export_xlsx",
    "<slug:slug>/deltagarlista/": "events:participant_list",
    "<slug:slug>/namnbrickor/": "events:badges",
    "<slug:slug>/anmal-deltagare/": "events:register_other",
    "<slug:slug>/pa-plats/": "events:walk_in",
    "<slug:slug>/anmalningar/<int:pk>/avboka/": "events:cancel_registration",
    "<slug:slug>/incheckning/": "events:checkin",
    "<slug:slug>/incheckning/kod/": "events:checkin_code",
    "<slug:slug>/incheckning/sok/": "events:checkin_search",
    "<slug:slug>/incheckning/siffror/": "events:checkin_counts",
    "<slug:slug>/incheckning/<int:pk>/": "events:checkin_registration",
    "<slug:slug>/incheckning/<int:pk>/angra/": "events:checkin_undo",
}

urlpatterns = [
    *legacy_redirects(OLD_PATHS),
    path("", public.index, name="index"),
    path("organiser/", organiser.organiser_home, name="organiser_home"),
    path("my-day/", registration.my_next_day, name="my_next_day"),
    path("new/", organiser.event_create, name="event_create"),
    path("series/new/", organiser.series_create, name="series_create"),
    path("series/<slug:slug>/", public.series_detail, name="series_detail"),
    path("series/<slug:slug>/edit/", organiser.series_edit, name="series_edit"),
    path("series/<slug:slug>/calendar.ics", public.series_feed, name="series_feed"),
    path("<slug:slug>/", public.event_detail, name="event_detail"),
    path("<slug:slug>/calendar.ics", public.event_ics, name="event_ics"),
    # participant
    path("<slug:slug>/register/", registration.register, name="register"),
    path("<slug:slug>/register/done/", registration.registration_result, name="registration_result"),
    path("<slug:slug>/register/cancel/", registration.registration_cancel, name="registration_cancel"),
    path("<slug:slug>/my-day/", registration.my_day, name="my_day"),
    # guests without an account (signed links)
    path("<slug:slug>/register/guest/", guests.guest_register, name="guest_register"),
    path("<slug:slug>/register/guest/<str:token>/", guests.guest_confirm, name="guest_confirm"),
    path("<slug:slug>/register/invited/<str:token>/", guests.invited_register, name="invited_register"),
    path("<slug:slug>/guest/<str:token>/", guests.guest_day, name="guest_day"),
    path("<slug:slug>/guest/<str:token>/calendar.ics", guests.guest_ics, name="guest_ics"),
    path("<slug:slug>/guest/<str:token>/cancel/", guests.guest_cancel, name="guest_cancel"),
    # organiser
    path("<slug:slug>/edit/", organiser.event_edit, name="event_edit"),
    path("<slug:slug>/publish/", organiser.event_publish, name="event_publish"),
    path("<slug:slug>/cancel/", organiser.event_cancel, name="event_cancel"),
    path("<slug:slug>/finish/", organiser.event_finish, name="event_finish"),
    path("<slug:slug>/agenda/", agenda.agenda_edit, name="agenda_edit"),
    path("<slug:slug>/dashboard/", dashboard.event_dashboard, name="event_dashboard"),
    path("<slug:slug>/participants.csv", dashboard.export_csv, name="export_csv"),
    path("<slug:slug>/participants.xlsx", dashboard.export_xlsx, name="export_xlsx"),
    path("<slug:slug>/participant-list/", dashboard.participant_list, name="participant_list"),
    path("<slug:slug>/badges/", dashboard.badges, name="badges"),
    path("<slug:slug>/registrations/new/", attendees.register_other, name="register_other"),
    path("<slug:slug>/import/", attendees.import_registrations, name="import"),
    path("<slug:slug>/import/<int:pk>/", attendees.import_status, name="import_status"),
    path("<slug:slug>/walk-in/", attendees.walk_in, name="walk_in"),
    path("<slug:slug>/registrations/<int:pk>/cancel/", attendees.cancel_registration,
         name="cancel_registration"),
    # check-in
    path("<slug:slug>/check-in/", checkin.checkin, name="checkin"),
    path("<slug:slug>/check-in/code/", checkin.checkin_code, name="checkin_code"),
    path("<slug:slug>/check-in/search/", checkin.checkin_search, name="checkin_search"),
    path("<slug:slug>/check-in/counts/", checkin.checkin_counts, name="checkin_counts"),
    path("<slug:slug>/check-in/<int:pk>/", checkin.checkin_registration, name="checkin_registration"),
    path("<slug:slug>/check-in/<int:pk>/undo/", checkin.checkin_undo, name="checkin_undo"),
]
