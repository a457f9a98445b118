from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "caravan.security"
    label = "security"
    verbose_name = "Security"
