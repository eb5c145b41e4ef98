package io.llmio.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** A reload names each changed restart-only setting as the operator writes it, and never its value. */
class RestartSettingsTest {
    private static Settings read(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("DATABASE_TYPE", "embedded");
        return ConfigLoader.load(all, Path.of("/nonexistent-llmio-dir")).settings();
    }

    @Test
    void namesEachChangedSettingAndNothingElse() {
        Settings before = read(Map.of("TOKEN", "old-secret-token-value"));
        assertThat(RestartSettings.changed(before, before)).isEmpty();
        Settings after = read(Map.of("TOKEN", "new-secret-token-value", "LLMIO_RESPONSE_MAX_MB", "5",
                                     "LLMIO_LOGIN_WINDOW_SECONDS", "60", "LLMIO_IDLE_TIMEOUT_SECONDS", "9"));
        List<String> changed = RestartSettings.changed(before, after);
        assertThat(changed).containsExactly("connections.idle-timeout-seconds (LLMIO_IDLE_TIMEOUT_SECONDS)",
                                            "login-throttle.window-seconds (LLMIO_LOGIN_WINDOW_SECONDS)",
                                            "relay.response-max-mb (LLMIO_RESPONSE_MAX_MB)", "token (TOKEN)");
        assertThat(String.join(" ", changed)).doesNotContain("secret");
    }

    @Test
    void serverKeysAreNamedOneByOne() {
        Settings a = read(Map.of());
        Settings b = new Settings(a.databaseType(), a.databaseDsn(), a.migrate(), a.token(), a.redisUrl(), a.port(),
                                  a.trustedProxies(), a.zone(), a.configFile(), Map.of("host", "127.0.0.1"),
                                  a.logQueueSize(), a.requestLog(), a.logLimits(), a.listener(), a.login(), a.relay(),
                                  a.upstream(), a.proxies());
        assertThat(RestartSettings.changed(a, b)).containsExactly("server.host");
    }

    /** A setting added to {@link Settings} (or its nested records) must be given its operator name. */
    @Test
    void everySettingHasItsName() {
        List<String> unnamed = new ArrayList<>();
        paths("", Settings.class, unnamed);
        assertThat(unnamed).as("add these to RestartSettings.NAMES").isEmpty();
    }

    private static void paths(String prefix, Class<?> type, List<String> unnamed) {
        for (RecordComponent c : type.getRecordComponents()) {
            String path = prefix + c.getName();
            if (c.getType().isRecord() && !RestartSettings.NAMES.containsKey(path)) {
                paths(path + ".", c.getType(), unnamed);
            } else if (!RestartSettings.NAMES.containsKey(path)) {
                unnamed.add(path);
            }
        }
    }
}
