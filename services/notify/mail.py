"""Mail transports: SMTP through aiosmtplib, or files in the data folder when no SMTP
server is configured (the embedded default, so that the demo shows its mails)."""

from __future__ import annotations

import os
import tempfile
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Literal

import aiosmtplib

from drafts.notifications import MailMessage
from workflows.outbound_ports import MailNotSent

Security = Literal["starttls", "tls", "none"]


def as_email(message: MailMessage, sender: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = message.to
    mail["Subject"] = message.subject
    mail["Message-ID"] = message.message_id
    mail["Date"] = formatdate(usegmt=True)
    # Tells mail servers and clients not to answer it with an out-of-office reply.
    mail["Auto-Submitted"] = "auto-generated"
    mail.set_content(message.text)
    return mail


def _email_or_refuse(message: MailMessage, sender: str) -> EmailMessage:
    try:
        return as_email(message, sender)
    except ValueError as error:  # a header the mail library refuses
        raise MailNotSent(f"the mail cannot be written: {error}") from error


class SmtpMailer:
    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        username: str | None = None,
        password: str | None = None,
        security: Security = "starttls",
        timeout_seconds: float = 30,
    ) -> None:
        self.host = host
        self.port = port
        self.sender = sender
        self.username = username
        self.password = password
        self.security = security
        self.timeout = timeout_seconds

    async def send(self, message: MailMessage) -> None:
        mail = _email_or_refuse(message, self.sender)
        try:
            await aiosmtplib.send(
                mail,
                hostname=self.host,
                port=self.port,
                username=self.username,
                password=self.password,
                use_tls=self.security == "tls",
                start_tls=self.security == "starttls",
                timeout=self.timeout,
            )
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            raise MailNotSent(f"{type(error).__name__}: {error}") from error


class MailFolder:
    """Each mail as an .eml file named by its Message-ID: sending twice writes one file."""

    def __init__(self, folder: Path, sender: str) -> None:
        self.folder = folder
        self.sender = sender

    def path_of(self, message: MailMessage) -> Path:
        name = message.message_id.strip("<>").split("@", 1)[0]
        return self.folder / f"{name}.eml"

    async def send(self, message: MailMessage) -> None:
        target = self.path_of(message)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
            with os.fdopen(fd, "wb") as file:
                file.write(_email_or_refuse(message, self.sender).as_bytes())
            os.replace(temporary, target)
        except OSError as error:
            raise MailNotSent(f"could not write {target.name}: {error}") from error
