"""A test mail backend that counts connections and can fail chosen addresses."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend

connections_opened = []
failures = {}  # address -> list of exceptions to raise, one per try


def reset():
    connections_opened.clear()
    failures.clear()


class CountingBackend(EmailBackend):
    def open(self):
        connections_opened.append(self)
        self.sent_here = []
        return True

    def send_messages(self, messages):
        for message in messages:
            address = message.to[0]
            pending = failures.get(address)
            if pending:
                raise pending.pop(0)
        sent = super().send_messages(messages)
        self.sent_here.extend(messages)
        return sent


def refused(address, code=550, text=b"No such user"):
    return smtplib.SMTPRecipientsRefused({address: (code, text)})
