// "My account": after django-otp-webauthn registers a security key, reload so the list shows it.
// (A static file: the CSP allows no inline script.)
document.addEventListener("otp_webauthn.register_complete", () => {
  window.location.reload();
});
