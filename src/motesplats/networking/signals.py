"""Signals of networking.

plan_requested(sender=Plan, plan_id): a plan was queued for computation (sent after the commit). The task
layer (`tasks.plan_requested_received`, connected in NetworkingConfig.ready) starts the computation, so that
the services never import the tasks that call them.
"""

from django.dispatch import Signal

plan_requested = Signal()

# day_requested(sender=Event, event_id): every networking item of the event is to be planned as one day.
day_requested = Signal()
