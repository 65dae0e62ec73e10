package io.stripesync.camel.springboot;

import java.util.LinkedHashMap;
import java.util.Map;

import io.stripesync.camel.StripeSyncComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.util.StringHelper;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@code camel.component.stripe-sync.*} from Spring Boot's configuration (application.yml, environment variables such as
 * {@code CAMEL_COMPONENT_STRIPESYNC_APIKEY}, ...) onto the component, as Camel's own starters do for theirs: Camel
 * Spring Boot configures only components that come with a starter. The values go through the component's own option
 * configurer, so a bad one fails at start with the message that names the option and the value; a blank one is left
 * unset.
 */
@AutoConfiguration
public class StripeSyncComponentAutoConfiguration {

    static final String PREFIX = "camel.component.stripe-sync";

    @Bean
    ComponentCustomizer stripeSyncComponentOptions(Environment environment) {
        Map<String, String> options = Binder.get(environment)
                .bind(PREFIX, Bindable.mapOf(String.class, String.class)).orElse(Map.of());
        return ComponentCustomizer.forType(StripeSyncComponent.class, component -> {
            if (options.isEmpty()) {
                return;
            }
            Map<String, Object> camelCase = new LinkedHashMap<>();
            // a blank value is an unset one (api-key: ${STRIPE_API_KEY:} with no such variable)
            options.forEach((name, value) -> {
                if (!value.isBlank()) {
                    camelCase.put(StringHelper.dashToCamelCase(name), value);
                }
            });
            // the component's configurer checks each value (Camel's conversion reads "abc" as 0 for a number); it is
            // resolved when the component is built, which a customizer may run before
            component.build();
            PropertyBindingSupport.build().withCamelContext(component.getCamelContext()).withTarget(component)
                    .withConfigurer(component.getComponentPropertyConfigurer()).withIgnoreCase(true)
                    .withReflection(false).withRemoveParameters(false).withMandatory(true)
                    .withOptionPrefix(null).withProperties(camelCase).bind();
        });
    }
}
