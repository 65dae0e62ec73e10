package io.stripesync.camel.springboot;

import io.stripesync.camel.StripeSyncComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.ComponentCustomizer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StripeSyncComponentAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(StripeSyncComponentAutoConfiguration.class));

    private static StripeSyncComponent customized(ComponentCustomizer customizer) {
        StripeSyncComponent component = new StripeSyncComponent();
        component.setCamelContext(new DefaultCamelContext());
        customizer.configure("stripe-sync", component);
        return component;
    }

    @Test
    void kebabCaseAndEnvironmentStyleNamesReachTheComponent() {
        runner.withPropertyValues("camel.component.stripe-sync.max-requests-per-second=20",
                        "camel.component.stripe-sync.snapshotParallelism=6", "camel.component.stripe-sync.api-key=sk_test_x",
                        "camel.component.stripe-sync.body-type=json")
                .withSystemProperties("CAMEL_COMPONENT_STRIPESYNC_EVENTLOOKBACK=30000")
                .run(context -> {
                    StripeSyncComponent component = customized(context.getBean(ComponentCustomizer.class));
                    assertThat(component.getConfiguration().getMaxRequestsPerSecond()).isEqualTo(20);
                    assertThat(component.getConfiguration().getSnapshotParallelism()).isEqualTo(6);
                    assertThat(component.getConfiguration().getApiKey()).isEqualTo("sk_test_x");
                    assertThat(component.getConfiguration().getBodyType().name()).isEqualTo("json");
                });
    }

    @Test
    void aBadValueOrAnUnknownOptionFailsNamingIt() {
        runner.withPropertyValues("camel.component.stripe-sync.max-requests-per-second=abc").run(context ->
                assertThatThrownBy(() -> customized(context.getBean(ComponentCustomizer.class)))
                        .hasStackTraceContaining("maxRequestsPerSecond").hasStackTraceContaining("abc"));
        runner.withPropertyValues("camel.component.stripe-sync.max-request-per-second=20").run(context ->
                assertThatThrownBy(() -> customized(context.getBean(ComponentCustomizer.class)))
                        .hasStackTraceContaining("maxRequestPerSecond"));
    }

    @Test
    void withoutPropertiesOrWithBlankOnesTheComponentKeepsItsDefaults() {
        runner.withPropertyValues("camel.component.stripe-sync.api-key=").run(context -> {
            StripeSyncComponent component = customized(context.getBean(ComponentCustomizer.class));
            assertThat(component.getConfiguration().getMaxRequestsPerSecond()).isNull();
            assertThat(component.getConfiguration().getApiKey()).isNull();
        });
    }
}
