package io.llmio.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import io.llmio.requestlog.AttemptLog;
import io.llmio.requestlog.AttemptStatus;

/** The in-memory strip of recent outcomes per provider and association. */
class RecentOutcomesTest {

    @Test
    void unknownIdsGiveAnEmptyView() {
        RecentOutcomes recent = new RecentOutcomes();
        assertThat(recent.provider(1)).isEqualTo(RecentOutcomes.View.EMPTY);
        assertThat(recent.association(1)).isEqualTo(RecentOutcomes.View.EMPTY);
    }

    @Test
    void keepsTheLastTwentyOutcomesOldestFirst() {
        RecentOutcomes recent = new RecentOutcomes();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < RecentOutcomes.SIZE + 5; i++) {
            AttemptStatus status = i % 3 == 0 ? AttemptStatus.ERROR : AttemptStatus.SUCCESS;
            recent.record(log(1L, 10L, status, i % 3 == 0 ? 500 : 200, i % 3 == 0 ? "boom " + i : null));
            expected.add(status.wire());
        }
        List<String> lastTwenty = expected.subList(5, expected.size());
        assertThat(recent.provider(1).recent()).hasSize(RecentOutcomes.SIZE).isEqualTo(lastTwenty);
        assertThat(recent.association(10).recent()).isEqualTo(lastTwenty);
        assertThat(recent.provider(1).lastError()).isEqualTo("500 boom 24");
    }

    @Test
    void aSuccessKeepsTheLastErrorAndItsTime() {
        RecentOutcomes recent = new RecentOutcomes();
        recent.record(log(1L, 10L, AttemptStatus.ERROR, 502, "upstream closed"));
        var afterError = recent.provider(1);
        recent.record(log(1L, 10L, AttemptStatus.SUCCESS, 200, null));
        var view = recent.provider(1);
        assertThat(view.recent()).containsExactly("error", "success");
        assertThat(view.lastError()).isEqualTo("502 upstream closed");
        assertThat(view.lastErrorAt()).isNotNull().isEqualTo(afterError.lastErrorAt());
    }

    @Test
    void anErrorWithoutStatusOrTextIsTrimmed() {
        RecentOutcomes recent = new RecentOutcomes();
        recent.record(log(1L, 10L, AttemptStatus.ERROR, null, "connect failed"));
        assertThat(recent.provider(1).lastError()).isEqualTo("connect failed");
        recent.record(log(1L, 10L, AttemptStatus.ERROR, 503, null));
        assertThat(recent.provider(1).lastError()).isEqualTo("503");
    }

    @Test
    void providersAndAssociationsAreTrackedApart() {
        RecentOutcomes recent = new RecentOutcomes();
        recent.record(log(1L, 10L, AttemptStatus.SUCCESS, 200, null));
        recent.record(log(1L, 11L, AttemptStatus.ERROR, 500, "x"));
        recent.record(log(2L, 12L, AttemptStatus.ERROR, 429, "slow"));
        recent.record(log(null, null, AttemptStatus.ERROR, null, "no candidate")); // no provider chosen: tracked nowhere
        assertThat(recent.provider(1).recent()).containsExactly("success", "error");
        assertThat(recent.association(10).recent()).containsExactly("success");
        assertThat(recent.association(10).lastError()).isNull();
        assertThat(recent.association(11).recent()).containsExactly("error");
        assertThat(recent.provider(2).lastError()).isEqualTo("429 slow");
    }

    @Test
    void theViewIsACopy() {
        RecentOutcomes recent = new RecentOutcomes();
        recent.record(log(1L, 10L, AttemptStatus.SUCCESS, 200, null));
        List<String> before = recent.provider(1).recent();
        recent.record(log(1L, 10L, AttemptStatus.ERROR, 500, "x"));
        assertThat(before).containsExactly("success");
        assertThat(Collections.unmodifiableList(before)).hasSize(1);
    }

    static AttemptLog log(Long providerId, Long associationId, AttemptStatus status, Integer httpStatus, String error) {
        AttemptLog log = new AttemptLog();
        log.providerId = providerId;
        log.associationId = associationId;
        log.status = status;
        log.httpStatus = httpStatus;
        log.error = error;
        return log;
    }
}
