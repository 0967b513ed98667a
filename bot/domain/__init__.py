"""The things users talk about, with their rules: workers and employers,
jobs and applications (and the engagements and ratings that follow),
tickets, courses and sign-ups, guidance appointments.

Plain frozen dataclasses, stdlib only: no rows, no SQL, no I/O. The
repositories (bot/store/repos.py) map rows to them; dialogs, handlers and
services read their attributes and ask them their rules (a job's places
left, a course being full, a ticket being closed)."""
from __future__ import annotations

from bot.domain.jobs import (CORRECTION_WINDOW, Applicant, Application, Engagement, Job, Rating, RatingStats)
from bot.domain.tickets import Ticket, TicketMessage
from bot.domain.training import Appointment, Course, Enrollment
from bot.domain.workers import Employer, Worker

__all__ = ["CORRECTION_WINDOW", "Applicant", "Application", "Appointment", "Course", "Employer", "Engagement",
           "Enrollment", "Job", "Rating", "RatingStats", "Ticket", "TicketMessage", "Worker"]
