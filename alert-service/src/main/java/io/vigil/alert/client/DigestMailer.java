package io.vigil.alert.client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.vigil.alert.DigestEmail;
import io.vigil.alert.config.VigilConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** Sends digest emails through the configured SMTP server (Quarkus Mailer). */
@ApplicationScoped
public class DigestMailer {

    /** Carries the digest delivery's id, as webhook-id does, so a mail pipeline can drop repeats. */
    public static final String DIGEST_ID_HEADER = "X-Vigil-Digest-Id";

    private final ReactiveMailer mailer;
    private final Duration timeout;

    public DigestMailer(ReactiveMailer mailer, VigilConfig config) {
        this.mailer = mailer;
        this.timeout = config.delivery().requestTimeout();
    }

    /**
     * Bounded by {@code vigil.delivery.request-timeout}, like a webhook: a hanging SMTP server must not hold the
     * delivery past its lease, when another worker would send it a second time.
     *
     * @return the error when the SMTP server did not accept the message
     */
    public Optional<String> send(String digestId, List<String> recipients, DigestEmail email) {
        if (recipients.isEmpty()) {
            return Optional.of("not sent: the subscription has no email recipients");
        }
        Mail mail = new Mail()
                .setTo(recipients)
                .setSubject(email.subject())
                .setText(email.text())
                .setHtml(email.html())
                .addHeader(DIGEST_ID_HEADER, digestId);
        try {
            mailer.send(mail).await().atMost(timeout);
            return Optional.empty();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Optional.of(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
    }
}
