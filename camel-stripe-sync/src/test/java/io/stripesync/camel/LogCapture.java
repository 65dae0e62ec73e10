package io.stripesync.camel;

import java.io.StringWriter;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * The lines one logger writes at WARN (or a level given) and above while a test runs, kept off the build console: warnings the docs
 * promise are asserted, not printed.
 */
public final class LogCapture implements AutoCloseable {

    private final StringWriter lines = new StringWriter();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final LoggerConfig config;
    private final boolean ownConfig;
    private final Level level;
    private final boolean additive;
    private final WriterAppender appender;

    public LogCapture(Class<?> logger) {
        this(logger, Level.WARN);
    }

    /** The lines at {@code from} and above: INFO for the lines the docs promise at INFO. */
    public LogCapture(Class<?> logger, Level from) {
        this(logger.getName(), from);
    }

    /** The lines of a logger and those below it ({@code org.apache.camel}: all of Camel's) at {@code from} and above. */
    public LogCapture(String loggerName, Level from) {
        Configuration config = context.getConfiguration();
        appender = WriterAppender.newBuilder().setName("capture-" + loggerName).setTarget(lines)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %m%n").build()).build();
        appender.start();
        // the logger's own config (made if it has none), not additive while capturing: the lines stay off the console
        LoggerConfig existing = config.getLoggers().get(loggerName);
        ownConfig = existing == null;
        this.config = ownConfig ? new LoggerConfig(loggerName, from, false) : existing;
        level = this.config.getLevel();
        additive = this.config.isAdditive();
        this.config.setLevel(from);
        this.config.setAdditive(false);
        this.config.addAppender(appender, from, null);
        if (ownConfig) {
            config.addLogger(loggerName, this.config);
        }
        context.updateLoggers();
    }

    public String text() {
        return lines.toString();
    }

    @Override
    public void close() {
        config.removeAppender(appender.getName());
        if (ownConfig) {
            context.getConfiguration().removeLogger(config.getName());
        } else {
            config.setLevel(level);
            config.setAdditive(additive);
        }
        context.updateLoggers();
        appender.stop();
    }
}
