package io.stripesync.camel;

import com.stripe.exception.StripeException;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.spi.HttpResponseAware;

/**
 * Stripe refused a request: the HTTP status, Stripe's error type and code, the parameter at fault and the request id,
 * so {@code onException} can branch on them. The original stripe-java exception is the cause.
 */
public class StripeSyncException extends CamelExchangeException implements HttpResponseAware {

    private int httpResponseCode;
    private String httpResponseStatus;
    private final String errorType;
    private final String errorCode;
    private final String param;
    private final String requestId;

    public StripeSyncException(String message, Exchange exchange, StripeException cause) {
        super(message + ": " + cause.getMessage(), exchange, cause);
        this.httpResponseCode = cause.getStatusCode() == null ? 0 : cause.getStatusCode();
        this.errorType = cause.getStripeError() == null ? null : cause.getStripeError().getType();
        this.errorCode = cause.getCode();
        this.param = cause.getStripeError() == null ? null : cause.getStripeError().getParam();
        this.requestId = cause.getRequestId();
        this.httpResponseStatus = errorType;
    }

    @Override
    public int getHttpResponseCode() {
        return httpResponseCode;
    }

    @Override
    public void setHttpResponseCode(int code) {
        this.httpResponseCode = code;
    }

    /** Stripe's error type, e.g. {@code invalid_request_error}, {@code card_error}, {@code api_error}. */
    @Override
    public String getHttpResponseStatus() {
        return httpResponseStatus;
    }

    @Override
    public void setHttpResponseStatus(String status) {
        this.httpResponseStatus = status;
    }

    public String getErrorType() {
        return errorType;
    }

    /** Stripe's error code, e.g. {@code resource_missing}, {@code rate_limit}, {@code parameter_missing}. */
    public String getErrorCode() {
        return errorCode;
    }

    /** The request parameter Stripe blamed, if any. */
    public String getParam() {
        return param;
    }

    public String getRequestId() {
        return requestId;
    }
}
