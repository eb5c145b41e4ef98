package io.llmio.store;

import io.llmio.registry.Association;
import io.llmio.registry.Model;
import io.llmio.registry.Provider;
import io.llmio.registry.ProviderType;
import io.llmio.registry.Secret;
import io.llmio.registry.Strategy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import io.llmio.requestlog.RequestLog;

public final class Fixtures {
    private Fixtures() {
    }

    static Provider provider(String name) {
        return new Provider(0, name, ProviderType.OPENAI, "https://api.example.com/v1", Secret.of("sk-test-0123456789abcdef"),
                            Map.of("X-Org", "acme"), "http://proxy:3128", List.of("quota exceeded", "overloaded"), 60, 5,
                            "https://console.example.com", true, null, null, true);
    }

    static Model model(String name) {
        return new Model(0, name, "a remark", Strategy.LOTTERY, 3, 60, true, true, true, null, null);
    }

    static Association association(long modelId, long providerId, String providerModel) {
        return new Association(0, modelId, providerId, providerModel, 10, true, true, true, true, Map.of("X-A", "1"),
                               "{\"temperature\":0.5}", true, null, null);
    }

    public static RequestLog log(long id, String trace, Instant at, String model, Long providerId, String status, String style,
                          Long authKeyId) {
        return new RequestLog(id, trace, at, model, providerId, "prov-" + providerId, "up-" + model, style, true, authKeyId,
                              "10.0.0.1", "curl/8", 0, status, null, null, 3L, null, null, 0, 0, 0, 0, 0, "none", 0, 0, 0,
                              false, "");
    }
}
