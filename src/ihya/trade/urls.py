from django.urls import path

from ihya.trade import views

app_name = "trade"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("products/", views.products, name="products"),
    path("product-space/", views.product_space, name="product_space"),
    path("opportunities/", views.opportunities, name="opportunities"),
    path("runs/", views.runs, name="runs"),
]
