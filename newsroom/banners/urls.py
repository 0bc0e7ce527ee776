"""Banner endpoints, mounted under the language prefix: ``/ar/banners/3/go/`` redirects to the Arabic address.

The dismissal cookie they set has ``path=/``, so closing an appeal in one
edition closes it in the other as well.
"""

from django.urls import path

from . import views

app_name = "banners"
urlpatterns = [
    path("banners/<int:pk>/go/", views.go, name="go"),
    path("banners/<int:pk>/dismiss/", views.dismiss, name="dismiss"),
]
