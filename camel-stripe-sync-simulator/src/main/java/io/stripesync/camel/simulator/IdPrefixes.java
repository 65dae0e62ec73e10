package io.stripesync.camel.simulator;

import java.util.Map;

/** Stripe-shaped id prefixes ({@code cus_}, {@code sub_}) for the resources tests use; a derived one for the rest. */
final class IdPrefixes {

    private static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("customer", "cus_"), Map.entry("subscription", "sub_"), Map.entry("invoice", "in_"),
            Map.entry("invoiceitem", "ii_"), Map.entry("charge", "ch_"), Map.entry("payment_intent", "pi_"),
            Map.entry("setup_intent", "seti_"), Map.entry("payment_method", "pm_"), Map.entry("product", "prod_"),
            Map.entry("price", "price_"), Map.entry("plan", "plan_"), Map.entry("coupon", "co_"),
            Map.entry("refund", "re_"), Map.entry("dispute", "dp_"), Map.entry("payout", "po_"),
            Map.entry("transfer", "tr_"), Map.entry("topup", "tu_"), Map.entry("credit_note", "cn_"),
            Map.entry("checkout.session", "cs_test_"), Map.entry("subscription_schedule", "sub_sched_"),
            Map.entry("subscription_item", "si_"), Map.entry("line_item", "il_"), Map.entry("credit_note_line_item", "cnli_"), Map.entry("tax_rate", "txr_"), Map.entry("tax_id", "txi_"),
            Map.entry("promotion_code", "promo_"), Map.entry("quote", "qt_"), Map.entry("account", "acct_"),
            Map.entry("person", "person_"), Map.entry("file", "file_"), Map.entry("file_link", "link_"),
            Map.entry("payment_link", "plink_"), Map.entry("shipping_rate", "shr_"), Map.entry("review", "prv_"),
            Map.entry("webhook_endpoint", "we_"), Map.entry("application_fee", "fee_"),
            Map.entry("balance_transaction", "txn_"), Map.entry("issuing.card", "ic_"),
            Map.entry("issuing.cardholder", "ich_"), Map.entry("issuing.authorization", "iauth_"),
            Map.entry("issuing.transaction", "ipi_"), Map.entry("issuing.dispute", "idp_"),
            Map.entry("terminal.reader", "tmr_"), Map.entry("terminal.location", "tml_"),
            Map.entry("test_helpers.test_clock", "clock_"), Map.entry("billing.meter", "mtr_"));

    private IdPrefixes() {
    }

    static String of(String resource) {
        String known = KNOWN.get(resource);
        if (known != null) {
            return known;
        }
        String last = resource.substring(resource.lastIndexOf('.') + 1).replace("_", "");
        return (last.length() > 6 ? last.substring(0, 6) : last) + "_";
    }
}
