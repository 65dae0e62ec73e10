package io.stripesync.camel.simulator;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Starts the {@link Simulated} simulators of a test instance before each test and closes them after it. */
public final class SimulatorExtension implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace STARTED = ExtensionContext.Namespace.create(SimulatorExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        Object test = context.getRequiredTestInstance();
        List<StripeSimulator> started = new ArrayList<>();
        for (Class<?> type = test.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                Simulated simulated = field.getAnnotation(Simulated.class);
                if (simulated == null) {
                    continue;
                }
                if (field.getType() != StripeSimulator.class) {
                    throw new IllegalStateException("@Simulated marks a StripeSimulator field, not " + field);
                }
                StripeSimulator sim = StripeSimulator.start(simulated.seed());
                started.add(sim);
                field.setAccessible(true);
                field.set(test, sim);
            }
        }
        context.getStore(STARTED).put(context.getUniqueId(), started);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        List<StripeSimulator> started = context.getStore(STARTED).remove(context.getUniqueId(), List.class);
        if (started != null) {
            started.forEach(StripeSimulator::close);
        }
    }
}
