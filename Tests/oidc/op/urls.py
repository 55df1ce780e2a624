from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from oidc_provider.models import Client

from op import tamper


@csrf_exempt
def control(request):
    """Test-only: register the console's redirect URIs, switch token faults."""
    if 'redirect_uri' in request.POST:
        client = Client.objects.get(client_id=request.POST['client_id'])
        client.redirect_uris = [request.POST['redirect_uri']]
        client.post_logout_redirect_uris = [request.POST['post_logout_redirect_uri']]
        client.save()
    if 'tamper' in request.POST:
        tamper.MODE['value'] = request.POST['tamper']
    return HttpResponse('ok', content_type='text/plain')


urlpatterns = [
    path('accounts/login/', auth_views.LoginView.as_view(template_name='login.html'), name='login'),
    path('openid/', include('oidc_provider.urls', namespace='oidc_provider')),
    path('test/control', control),
]
