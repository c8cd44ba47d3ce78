package io.vigil.alert;

import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vigil.testing.Infrastructure;

/** A real SMTP server (GreenMail) in the test JVM on a free port; the mailer sends to it, not to a mock. */
public class GreenMailResource implements QuarkusTestResourceLifecycleManager {

    private static GreenMail server;

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            server = new GreenMail(new ServerSetup(Infrastructure.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return Map.of(
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(server.getSmtp().getPort()));
    }

    @Override
    public void stop() {
        // Shared across test classes of the JVM; stopped by the shutdown hook.
    }

    static synchronized GreenMail server() {
        return server;
    }
}
