package io.gatewaysync.testsupport;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;

import java.io.StringWriter;

/**
 * Captures everything logged while open, at the shipped configuration's levels (root INFO) and the
 * engine's own code at DEBUG, with stack traces: for checking that no secret is ever logged.
 */
public final class LogCapture implements AutoCloseable {

    private final StringWriter text = new StringWriter();
    private final WriterAppender appender;
    private final LoggerContext context;
    private final Level rootBefore;
    private final Level syncBefore;

    public LogCapture() {
        context = (LoggerContext) LogManager.getContext(false);
        rootBefore = context.getRootLogger().getLevel();
        syncBefore = context.getLogger("io.gatewaysync").getLevel();
        appender = WriterAppender.newBuilder().setName("capture-" + System.nanoTime()).setTarget(text)
                .setLayout(PatternLayout.newBuilder().withPattern("%d %-5level [%t] %c - %msg%n%throwable").build())
                .build();
        appender.start();
        context.getConfiguration().getRootLogger().addAppender(appender, null, null);
        Configurator.setRootLevel(Level.INFO);
        Configurator.setLevel("io.gatewaysync", Level.DEBUG);
        context.updateLoggers();
    }

    public synchronized String text() {
        return text.toString();
    }

    @Override
    public void close() {
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        Configurator.setRootLevel(rootBefore);
        Configurator.setLevel("io.gatewaysync", syncBefore);
        context.updateLoggers();
        appender.stop();
    }
}
