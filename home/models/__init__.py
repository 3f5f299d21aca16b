"""Models of the home app, in modules by subject; import them from here."""

from .centres import (
    CentreRoom,
    CommunityCentrePage,
    Facility,
    HirerKind,
    OpeningHours,
    OpeningHoursException,
    RegularActivity,
    RoomPhoto,
)
from .enquiries import RoomHireEnquiry
from .mixins import WEEKDAYS, HeaderImageMixin
from .pages import HomePage, PlacePage, StandardPage
from .site_settings import SOCIAL_SERVICES, SiteSettings, SocialLinkBlock, SocialLinkValue
from .towns import Town

__all__ = [
    "SOCIAL_SERVICES",
    "WEEKDAYS",
    "CentreRoom",
    "CommunityCentrePage",
    "Facility",
    "HeaderImageMixin",
    "HirerKind",
    "HomePage",
    "OpeningHours",
    "OpeningHoursException",
    "PlacePage",
    "RegularActivity",
    "RoomHireEnquiry",
    "RoomPhoto",
    "SiteSettings",
    "SocialLinkBlock",
    "SocialLinkValue",
    "StandardPage",
    "Town",
]
