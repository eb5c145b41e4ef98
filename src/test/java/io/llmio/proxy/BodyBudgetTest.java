package io.llmio.proxy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import io.llmio.errors.GatewayError;
import io.llmio.proxy.protocol.UsageTap;

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

    @Test
    void aDeclaredBodyTakesBudgetOnlyAsItsBytesArrive() throws Exception {
        BodyBudget budget = new BodyBudget(10L << 20, 32 * 1024 * 1024);
        PipedOutputStream client = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(client, 64 * 1024);
        CompletableFuture<Throwable> reading = CompletableFuture.supplyAsync(() -> {
            try {
                budget.read(in, 4L << 20).close();
                return null;
            } catch (IOException | RuntimeException e) {
                return e;
            }
        });
        client.write(new byte[2000]);
        client.flush();
        // a client that declared 4 MiB and sent 2000 bytes holds 2 KiB, not 4 MiB
        awaitAvailable(budget, 10 * 1024 - 2);
        client.close();
        assertThat(reading.get()).isInstanceOf(IOException.class).hasMessageContaining("2000 of its");
        assertThat(budget.availableKib()).isEqualTo(10 * 1024);
    }

    @Test
    void aClientThatLeavesMidBodyGivesItsBudgetBack() {
        BodyBudget budget = new BodyBudget(10L << 20, 32 * 1024 * 1024);
        InputStream leaving = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0];
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (sent >= 300 * 1024) {
                    throw new IOException("Connection reset");
                }
                int n = Math.min(len, 16 * 1024);
                sent += n;
                return n;
            }
        };
        assertThatThrownBy(() -> budget.read(leaving, 1L << 20)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> budget.read(leaving, -1)).isInstanceOf(IOException.class);
        assertThat(budget.availableKib()).isEqualTo(10 * 1024);
    }

    @Test
    void largeBodiesLeaveAReserveThatSmallBodiesMayUse() throws IOException {
        // 2 MiB: the last 256 KiB are kept for bodies of 256 KiB or less
        BodyBudget budget = new BodyBudget(2L << 20, 32 * 1024 * 1024);
        try (BodyBudget.Lease large = budget.read(bytes(1700 * 1024), 1700 * 1024)) {
            assertThatThrownBy(() -> budget.read(bytes(300 * 1024), 300 * 1024))
                    .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(503));
            try (BodyBudget.Lease small = budget.read(bytes(200 * 1024), 200 * 1024)) {
                assertThat(small.body()).hasSize(200 * 1024);
            }
            assertThat(large.body()).hasSize(1700 * 1024);
        }
        assertThat(budget.availableKib()).isEqualTo(2048);
    }

    @Test
    void anExhaustedBudgetIsAnsweredAsOverloadedInEachProtocol() {
        BodyBudget budget = new BodyBudget(64 * 1024, 32 * 1024 * 1024);
        GatewayError refused = org.junit.jupiter.api.Assertions.assertThrows(GatewayError.class,
                                                                             () -> budget.read(bytes(100 * 1024), -1));
        assertThat(refused.status()).isEqualTo(503);
        String openai = new String(new io.llmio.proxy.openai.OpenAiCodec().error(503, refused.getMessage(), null));
        assertThat(UsageTap.parse(openai.getBytes()).path("error").path("code").asText()).isEqualTo("overloaded");
        String anthropic = new String(new io.llmio.proxy.anthropic.AnthropicCodec().error(503, refused.getMessage(), null));
        assertThat(UsageTap.parse(anthropic.getBytes()).path("error").path("type").asText()).isEqualTo("overloaded_error");
        String gemini = new String(new io.llmio.proxy.gemini.GeminiCodec().error(503, refused.getMessage(), null));
        assertThat(UsageTap.parse(gemini.getBytes()).path("error").path("status").asText()).isEqualTo("UNAVAILABLE");
    }

    private static void awaitAvailable(BodyBudget budget, int kib) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (budget.availableKib() != kib && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertThat(budget.availableKib()).isEqualTo(kib);
    }
}
