package io.stripesync.camel.webhook;

import java.util.function.BiFunction;

import org.apache.camel.CamelContext;
import org.apache.camel.DelegateEndpoint;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.ManagementStrategy;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * What camel-webhook's HTTP route calls for each request to {@code webhook:stripe-sync:<resource>}: the request goes to
 * the stream's consumer, whose answer becomes the HTTP response. The consumer runs with it (started and stopped with
 * the route), polling as the backstop; the route's processor receives the same exchanges as from a polling endpoint.
 *
 * @param <C> the stream's consumer: it polls, and takes what webhooks push
 */
public final class WebhookHandler<C extends ScheduledPollConsumer & PushReceiver> extends ServiceSupport
        implements Processor {

    public static final String SIGNATURE_HEADER = "Stripe-Signature";

    /** Makes the stream's consumer for the route's processor, not started. */
    @FunctionalInterface
    public interface ConsumerFactory<C> {
        C consumer(Processor next) throws Exception;
    }

    private final Endpoint endpoint;
    private final Processor next;
    private final ConsumerFactory<C> consumers;
    private final BiFunction<C, String, HealthCheck> healthChecks;
    private volatile C consumer;
    private HealthCheck healthCheck;
    private Object managed;

    /**
     * @param endpoint     the stripe-sync endpoint camel-webhook wraps
     * @param healthChecks the stream's health check of a consumer, under the id given
     */
    public WebhookHandler(Endpoint endpoint, Processor next, ConsumerFactory<C> consumers,
                          BiFunction<C, String, HealthCheck> healthChecks) {
        this.endpoint = endpoint;
        this.next = next;
        this.consumers = consumers;
        this.healthChecks = healthChecks;
    }

    @Override
    protected void doStart() throws Exception {
        C made = consumers.consumer(next);
        for (Route route : endpoint.getCamelContext().getRoutes()) {
            // the consumer is not the route's (camel-webhook's HTTP consumer is): name the route in its figures
            if (route.getEndpoint() instanceof DelegateEndpoint delegate && delegate.getEndpoint() == endpoint) {
                made.setRouteId(route.getRouteId());
            }
        }
        ServiceHelper.startService(made);
        consumer = made;
        // Camel finds health checks and managed consumers through the routes' consumers, and this one is not a route's
        CamelContext context = endpoint.getCamelContext();
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            // "consumer:<route>" is Camel's check of the HTTP consumer; this one is the stream's (polls, key, retention)
            HealthCheck check = healthChecks.apply(made, "stripe-sync:" + made.getRouteId());
            if (health.register(check)) {
                healthCheck = check;
            }
        }
        ManagementStrategy management = context.getManagementStrategy();
        if (management != null && management.getManagementAgent() != null) {
            Object mbean = management.getManagementObjectStrategy().getManagedObjectForConsumer(context, made);
            management.manageObject(mbean);
            managed = mbean;
        }
    }

    @Override
    protected void doStop() throws Exception {
        C running = consumer;
        consumer = null;
        CamelContext context = endpoint.getCamelContext();
        if (healthCheck != null) {
            HealthCheckRegistry health = HealthCheckRegistry.get(context);
            if (health != null) {
                health.unregister(healthCheck);
            }
            healthCheck = null;
        }
        if (managed != null) {
            context.getManagementStrategy().unmanageObject(managed);
            managed = null;
        }
        ServiceHelper.stopService(running);
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        byte[] body = message.getBody(byte[].class);
        String signature = message.getHeader(SIGNATURE_HEADER, String.class);
        C running = consumer;
        WebhookAnswer answer = running == null ? new WebhookAnswer(503, "not started")
                : running.receive(body == null ? new byte[0] : body, signature);
        // the request's headers must not go back as the response's
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
        message.setHeader(Exchange.CONTENT_TYPE, "text/plain");
        message.setBody(answer.text());
    }

    /** The stream's consumer while running; for tests and management. */
    public C consumer() {
        return consumer;
    }
}
