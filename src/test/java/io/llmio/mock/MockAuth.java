package io.llmio.mock;

import java.io.IOException;
import java.util.Optional;

/**
 * Checks each protocol's upstream credential like the vendor does and, on failure, writes the
 * vendor's answer: OpenAI 401 {@code invalid_api_key}; Anthropic 401 {@code authentication_error}
 * (key from {@code x-api-key}, else {@code Authorization: Bearer}, which anthropic-java 3.x sends;
 * 400 when {@code anthropic-version} is missing); Gemini 400 {@code API_KEY_INVALID} for a wrong
 * key and 403 {@code PERMISSION_DENIED} for none (Google does not answer 401 to API keys).
 */
final class MockAuth {

    private MockAuth() {
    }

    /** Returns true when the request may proceed; otherwise the error has been written. */
    static boolean check(MockProtocol p, RecordedRequest req, String key, MockWire wire) throws IOException {
        if (key == null) {
            return true;
        }
        switch (p) {
            case OPENAI -> {
                Optional<String> auth = req.header("authorization");
                if (auth.isEmpty()) {
                    FaultRunner.sendRaw(p, 401, ErrorBodies.openai("You didn't provide an API key. You need to provide your "
                            + "API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), "
                            + "or as the password field (with blank username) if you're accessing the API from your browser "
                            + "and are prompted for a username and password. You can obtain an API key from "
                            + "https://platform.openai.com/account/api-keys.", "invalid_request_error", null), wire);
                    return false;
                }
                String given = auth.get().startsWith("Bearer ") ? auth.get().substring(7).trim() : "";
                if (!given.equals(key)) {
                    FaultRunner.sendRaw(p, 401, ErrorBodies.openai("Incorrect API key provided: " + mask(given)
                            + ". You can find your API key at https://platform.openai.com/account/api-keys.",
                            "invalid_request_error", "invalid_api_key"), wire);
                    return false;
                }
                return true;
            }
            case ANTHROPIC -> {
                Optional<String> given = req.header("x-api-key").or(() -> req.header("authorization")
                        .filter(a -> a.startsWith("Bearer ")).map(a -> a.substring(7).trim()));
                if (!given.map(key::equals).orElse(false)) {
                    FaultRunner.sendRaw(p, 401, ErrorBodies.anthropic("authentication_error", "invalid x-api-key"), wire);
                    return false;
                }
                if (req.header("anthropic-version").isEmpty()) {
                    FaultRunner.sendRaw(p, 400, ErrorBodies.anthropic("invalid_request_error",
                            "anthropic-version: header is required"), wire);
                    return false;
                }
                return true;
            }
            case GEMINI -> {
                Optional<String> given = req.header("x-goog-api-key").or(() -> req.queryParam("key"));
                if (given.isEmpty()) {
                    FaultRunner.sendRaw(p, 403, ErrorBodies.gemini(403, "Method doesn't allow unregistered callers "
                            + "(callers without established identity). Please use API Key or other form of API consumer "
                            + "identity to call this API.", "PERMISSION_DENIED", null), wire);
                    return false;
                }
                if (!given.get().equals(key)) {
                    FaultRunner.sendRaw(p, 400, ErrorBodies.geminiBadKey(), wire);
                    return false;
                }
                return true;
            }
        }
        return false;
    }

    /** Azure OpenAI: the key in {@code api-key}; a missing or wrong one is Azure's 401. */
    static boolean checkAzure(RecordedRequest req, String key, MockWire wire) throws IOException {
        if (key == null || req.header("api-key").map(key::equals).orElse(false)) {
            return true;
        }
        FaultRunner.sendRaw(MockProtocol.OPENAI, 401, ErrorBodies.azure("401", "Access denied due to invalid "
                + "subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription "
                + "and use a correct regional API endpoint for your resource."), wire);
        return false;
    }

    /** OpenAI shows the first 3 and last 4 characters and stars between. */
    static String mask(String k) {
        if (k.length() <= 8) {
            return "*".repeat(k.length());
        }
        return k.substring(0, 3) + "*".repeat(k.length() - 7) + k.substring(k.length() - 4);
    }
}
