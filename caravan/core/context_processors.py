def site_chrome(request):
    return {}
