"""What people come to a surgery for help with. Shared by bookings and the help log."""

from django.db import models


class Topic(models.TextChoices):
    BLOG = "blog", "A blog"
    FACEBOOK = "facebook", "A Facebook page"
    X = "x", "X (Twitter)"
    NEWSLETTER = "newsletter", "An email newsletter"
    WEBSITE = "website", "A website"
    SAFETY = "safety", "Staying safe online"
    OTHER = "other", "Something else"
