package io.llmio.limits;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand. Starts at a whole second near real time so Redis TTLs stay sane. */
final class MutableClock implements InstantSource {
    private final AtomicLong millis = new AtomicLong(System.currentTimeMillis() / 1000 * 1000);

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }
}
