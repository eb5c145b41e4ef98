package io.llmio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The training run behind the startup cache (docs/startup.md) must exercise the real proxy paths: every
 * call kind it sends (each protocol, stream and not) is answered 2xx by the llmio it starts, through its
 * in-process upstream. If a vendor format or a route changed and the training only hit error paths, the
 * cache would warm the wrong code.
 */
class TrainTest {
    @Test
    void everyCallKindOfTheTrainingIsServed() throws Exception {
        assertThat(Train.run(2)).isEqualTo(Train.expected(2));
    }
}
