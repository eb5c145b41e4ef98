package io.llmio.proxy;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BodyBudgetTest {

    private static ByteArrayInputStream bytes(int n) {
        return new ByteArrayInputStream(new byte[n]);
    }

    @Test
    void bodiesInFlightShareOneBudgetAndGiveItBack() throws IOException {
        BodyBudget budget = new BodyBudget(300 * 1024, 1024 * 1024);
        BodyBudget.Lease first = budget.read(bytes(200 * 1024), -1);
        assertThat(first.body()).hasSize(200 * 1024);
        assertThat(budget.availableKib()).isEqualTo(100);
        assertThatThrownBy(() -> budget.read(bytes(200 * 1024), 200 * 1024))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.retryAfter()).isNotNull();
                });
        assertThat(budget.availableKib()).as("a refused body holds nothing").isEqualTo(100);
        try (BodyBudget.Lease small = budget.read(bytes(10), 10)) {
            assertThat(small.body()).hasSize(10);
        }
        first.close();
        first.close();
        assertThat(budget.availableKib()).isEqualTo(300);
        try (BodyBudget.Lease again = budget.read(bytes(200 * 1024), 200 * 1024)) {
            assertThat(again.body()).hasSize(200 * 1024);
        }
    }

    @Test
    void tooLargeIs413WhetherDeclaredOrNot() {
        BodyBudget budget = new BodyBudget(10L << 20, 1024 * 1024);
        assertThatThrownBy(() -> budget.read(bytes(10), 2L << 20))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(413));
        assertThatThrownBy(() -> budget.read(bytes(1024 * 1024 + 1), -1))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(413));
        assertThat(budget.availableKib()).isEqualTo(10 * 1024);
    }

    @Test
    void aBodyThatDoesNotMatchItsContentLengthIsRefusedAndHoldsNothing() {
        BodyBudget budget = new BodyBudget(10L << 20, 1024 * 1024);
        assertThatThrownBy(() -> budget.read(bytes(100), 200))
                .isInstanceOf(IOException.class).hasMessageContaining("100 of its 200");
        assertThatThrownBy(() -> budget.read(bytes(300), 200))
                .isInstanceOf(IOException.class).hasMessageContaining("longer than its Content-Length");
        assertThat(budget.availableKib()).isEqualTo(10 * 1024);
    }

    @Test
    void aChunkedBodyOfAnySizeUpToTheLimitIsReadWhole() throws IOException {
        BodyBudget budget = new BodyBudget(10L << 20, 1024 * 1024);
        byte[] data = new byte[300_001];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        try (BodyBudget.Lease lease = budget.read(new ByteArrayInputStream(data), -1)) {
            assertThat(lease.body()).isEqualTo(data);
            assertThat(budget.availableKib()).isEqualTo(10 * 1024 - 293);
        }
        try (BodyBudget.Lease empty = budget.read(bytes(0), -1)) {
            assertThat(empty.body()).isEmpty();
        }
        assertThat(budget.availableKib()).isEqualTo(10 * 1024);
    }
}
