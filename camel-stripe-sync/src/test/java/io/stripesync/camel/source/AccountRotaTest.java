package io.stripesync.camel.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Whose turn it is among the accounts of a stream, on a clock the test moves (no feed is opened here). */
class AccountRotaTest {

    private static final long MS = 1_000_000L;

    private static AccountRota rota(long delayMillis, long maxIdleMillis) {
        return new AccountRota((account, version, resumed) -> {
            throw new AssertionError("no feed is opened by the schedule");
        }, (account, cursors, known) -> Set.of(), delayMillis, maxIdleMillis);
    }

    /** Takes one place and gives it back at once with more to read: the account stays due. */
    private static String takeOne(AccountRota rota, long now) {
        List<AccountRota.Turn> taken = rota.due(now, 1);
        assertThat(taken).hasSize(1);
        rota.polled(taken.get(0), 10, true, null, now);
        return taken.get(0).account();
    }

    /**
     * Accounts with changes take every other place, each kind the one read longest ago first (accounts never read
     * before the others): a first start of thousands cannot hold back an account with changes, nor it them.
     */
    @Test
    void accountsWithChangesTakeEveryOtherPlaceEachKindOldestReadFirst() {
        AccountRota rota = rota(1000, 60_000);
        rota.follow(List.of("acct_a", "acct_b", "acct_c", "acct_d", "acct_e"));
        long now = System.nanoTime();
        List<String> order = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            order.add(takeOne(rota, now + i));
        }
        assertThat(order).containsExactly("acct_a", "acct_a", "acct_b", "acct_a", "acct_c", "acct_b", "acct_d",
                "acct_a");
        assertThat(rota.due(now + 9, 10)).as("every account read, two places: the oldest reads first")
                .extracting(AccountRota.Turn::account).containsExactly("acct_e", "acct_c", "acct_b", "acct_d", "acct_a");
    }

    /**
     * 20 idle accounts, read longer ago than a busy one and all due when it is (their intervals still short, more due
     * than the budget reads): the busy account still has one of every two places.
     */
    @Test
    void aBusyAccountIsNotHeldBackByManyIdleOnesReadLongerAgo() {
        AccountRota rota = rota(100, 100);
        List<String> idle = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            idle.add("acct_idle" + i);
        }
        List<String> all = new ArrayList<>(idle);
        all.add("acct_busy");
        rota.follow(all);
        long now = System.nanoTime();
        for (AccountRota.Turn turn : rota.due(now, 21)) {
            boolean busy = turn.account().equals("acct_busy");
            rota.polled(turn, busy ? 5 : 0, false, null, busy ? now + 50 * MS : now);
        }
        long later = now + 200 * MS;
        for (int round = 0; round < 5; round++) {
            List<AccountRota.Turn> taken = rota.due(later, 2);
            assertThat(taken).extracting(AccountRota.Turn::account).as("round %d", round).contains("acct_busy");
            for (AccountRota.Turn turn : taken) {
                boolean busy = turn.account().equals("acct_busy");
                rota.polled(turn, busy ? 5 : 0, false, null, later);
            }
            later += 100 * MS;
        }
    }

    @Test
    void aTakenAccountIsNotGivenOutAgainUntilItsReadIsDone() {
        AccountRota rota = rota(1000, 60_000);
        rota.follow(List.of("acct_a", "acct_b"));
        long now = System.nanoTime();
        List<AccountRota.Turn> first = rota.due(now, 1);
        assertThat(rota.due(now, 5)).extracting(AccountRota.Turn::account).containsExactly("acct_b");
        assertThat(rota.due(now, 5)).isEmpty();
        assertThat(rota.anyDue(now)).isFalse();
        rota.failed(first.get(0), now);
        assertThat(rota.due(now + 999 * MS, 5)).as("a failed read: due again after the delay").isEmpty();
        assertThat(rota.due(now + 1000 * MS, 5)).extracting(AccountRota.Turn::account).containsExactly("acct_a");
    }

    /** Nothing found: the delay, then twice, four, eight times it, up to the longest idle delay; a change: the delay. */
    @Test
    void anIdleAccountIsReadLessAndLessOftenAndABusyOneAfterEachDelay() {
        AccountRota rota = rota(100, 800);
        rota.follow(List.of("acct_a"));
        long now = System.nanoTime();
        List<Long> intervals = new ArrayList<>();
        for (int records : new int[] {0, 0, 0, 0, 0, 0, 5, 0}) {
            AccountRota.Turn turn = rota.due(now, 1).get(0);
            rota.polled(turn, records, false, null, now);
            long next = now;
            while (!rota.anyDue(next)) {
                next += MS;
            }
            intervals.add((next - now) / MS);
            now = next;
        }
        assertThat(intervals).containsExactly(100L, 200L, 400L, 800L, 800L, 800L, 100L, 100L);
        AccountRota.Turn turn = rota.due(now, 1).get(0);
        rota.polled(turn, 5, true, null, now);
        assertThat(rota.anyDue(now)).as("more to read: due at once").isTrue();
    }
}
