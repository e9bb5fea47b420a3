"""Secret links for a person: always in the server log, by e-mail too when an SMTP server is configured."""
import smtplib
from email.message import EmailMessage

from flask import current_app, url_for


def public_url(endpoint, **values):
    """An absolute link to this site, for a mail or the log, built from PUBLIC_URL and never from the request's
    Host header: whoever asks a reset link for someone else's address would otherwise choose where its token goes."""
    return current_app.config["PUBLIC_URL"].rstrip("/") + url_for(endpoint, **values)


def deliver_link(address, subject, text, link):
    """Log the link, then mail it if MAIL_SERVER is set; True only when the e-mail was handed to the server."""
    config = current_app.config
    # A subject is one line (a mail header can hold no line break), and it may carry a name someone typed.
    subject = " ".join(subject.split())
    # The log is the fallback an administrator can always read; the address stays out of it (private data).
    current_app.logger.warning("%s : %s", subject, link)
    if not config["MAIL_SERVER"]:
        return False
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = config["MAIL_SENDER"], address, subject
    message.set_content(f"{text}\n\n{link}\n")
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        # A mail server that is down must not break the page: the link is already in the log.
        current_app.logger.warning("Envoi de l'e-mail impossible (%s) : %s", subject, type(error).__name__)
        return False
    return True
