package io.stripesync.camel.client;

import java.io.IOException;
import java.io.InterruptedIOException;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;

/**
 * The step of Apache HttpClient's chain that each attempt passes on its way to Stripe, after the retry step: every
 * attempt, a retry after a 429 included, waits for its turn in the account's budget and reports its answer to it.
 */
final class BudgetGate implements ExecChainHandler {

    static final String REASON_HEADER = "Stripe-Rate-Limited-Reason";

    private final AccountBudget budget;

    BudgetGate(AccountBudget budget) {
        this.budget = budget;
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        AccountBudget.Turn turn;
        try {
            turn = budget.take(request.getMethod(), request.getPath());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the rate limiter");
        }
        int status = 0;
        String reason = null;
        try {
            ClassicHttpResponse response = chain.proceed(request, scope);
            status = response.getCode();
            Header named = response.getFirstHeader(REASON_HEADER);
            reason = named == null ? null : named.getValue();
            return response;
        } finally {
            turn.answered(status, reason);
        }
    }
}
