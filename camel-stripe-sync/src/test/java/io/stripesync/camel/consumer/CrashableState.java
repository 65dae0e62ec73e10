package io.stripesync.camel.consumer;

import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * A state store that can stop persisting, to stand in for a JVM killed between processing records and committing
 * their position: what was processed while frozen is processed again after the restart.
 */
public final class CrashableState extends ServiceSupport implements StateRepository<String, String> {

    private final MemoryStateRepository delegate = new MemoryStateRepository();
    private volatile boolean frozen;

    public void freeze() {
        frozen = true;
    }

    public void thaw() {
        frozen = false;
    }

    public boolean isFrozen() {
        return frozen;
    }

    @Override
    public void setState(String key, String value) {
        if (!frozen) {
            delegate.setState(key, value);
        }
    }

    @Override
    public String getState(String key) {
        return delegate.getState(key);
    }
}
