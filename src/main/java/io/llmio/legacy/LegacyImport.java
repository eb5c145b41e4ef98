package io.llmio.legacy;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.dbclient.DbExecute;
import io.llmio.auth.KeyHash;
import io.llmio.pricing.ModelPrice;
import io.llmio.pricing.PriceStore;
import io.llmio.proxy.protocol.Style;
import io.llmio.registry.Association;
import io.llmio.registry.AuthKey;
import io.llmio.registry.Model;
import io.llmio.registry.Provider;
import io.llmio.registry.ProviderType;
import io.llmio.registry.Secret;
import io.llmio.registry.Strategy;
import io.llmio.requestlog.LogBodies;
import io.llmio.requestlog.LogIds;
import io.llmio.requestlog.LogStore;
import io.llmio.requestlog.RequestBody;
import io.llmio.requestlog.RequestLog;
import io.llmio.requestlog.UsageSource;
import io.llmio.store.AssociationStore;
import io.llmio.store.AuthKeyStore;
import io.llmio.store.Columns;
import io.llmio.store.Database;
import io.llmio.store.ModelStore;
import io.llmio.store.ProviderStore;
import io.llmio.store.RegistryVersionStore;
import io.llmio.store.SettingKeys;
import io.llmio.store.SettingStore;

/**
 * Copies an original llmio database (shared/LEGACY.md) into llmio's: providers, models, associations, API
 * keys (stored as the hash of the plain key, so callers keep their keys), prices, the settings that have a
 * counterpart and, on request, the request log. Upserts by natural key (names, the key's hash, the
 * association's model/provider/upstream model, the log row's id derived from the original's), so a second
 * run changes nothing. Fields llmio has and the original has not (a provider's proxy and error matcher, an
 * association's extra body, a key's usage since) are kept as they are in llmio.
 */
public final class LegacyImport {
    /** {@code bodyMaxBytes}: the cap of one stored body (LLMIO_LOG_BODY_MAX_BYTES). */
    public record Options(boolean logs, boolean dryRun, int bodyMaxBytes) {
    }

    /** Rows of chat_logs per cursor step, and bodies (chat_io rows) read per query. */
    static final int LOG_BATCH = 500;
    static final int BODY_BATCH = 20;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ID_LOW_BITS = 12;

    private final LegacySource source;
    private final Database database;
    private final Options options;
    private final PrintStream out;
    private final boolean emptyTarget;
    private final ProviderStore providers;
    private final ModelStore models;
    private final AssociationStore associations;
    private final AuthKeyStore keys;
    private final PriceStore prices;
    private final SettingStore settings;
    private final LogStore logs;
    private final ImportReport report;

    /** original id → llmio id (a negative id for a row a dry run would create) */
    private final Map<Long, Long> providerIds = new HashMap<>();
    private final Map<Long, Long> modelIds = new HashMap<>();
    private final Map<Long, Long> keyIds = new HashMap<>();
    /** original id → name, for the report */
    private final Map<Long, String> providerNames = new HashMap<>();
    private final Map<Long, String> modelNames = new HashMap<>();
    /** llmio's provider ids by name (after the registry part), public model names by lower-cased name */
    private final Map<String, Long> providerByName = new HashMap<>();
    private final Map<String, String> modelByLowerName = new HashMap<>();

    /**
     * @param database    llmio's database; null only with {@code emptyTarget} (a dry run before it exists)
     * @param emptyTarget llmio's database has no schema yet (a dry run before the first import): every row
     *                    would be created
     */
    LegacyImport(LegacySource source, Database database, boolean emptyTarget, Options options, PrintStream out) {
        this.source = source;
        this.database = database;
        this.emptyTarget = emptyTarget;
        this.options = options;
        this.out = out;
        this.providers = new ProviderStore(database);
        this.models = new ModelStore(database);
        this.associations = new AssociationStore(database);
        this.keys = new AuthKeyStore(database);
        this.prices = new PriceStore(database);
        this.settings = new SettingStore(database);
        this.logs = new LogStore(database);
        this.report = new ImportReport(options.dryRun());
    }

    ImportReport run() {
        for (String table : List.of("providers", "models", "model_with_providers", "auth_keys", "model_prices", "configs")) {
            report.table(table);
        }
        // prices and settings first: they bump no registry version of their own, so the registry write that
        // follows makes a running llmio reload them together with the models they price
        publicModelNames();
        boolean extras = prices();
        extras |= settings();
        if (emptyTarget) {
            registry(null);
        } else if (options.dryRun()) {
            registry(database.db().execute());
        } else {
            // one transaction: a running llmio reloads the registry once, whole
            database.runInTransaction(this::registry);
        }
        keys();
        if (extras && !options.dryRun()) {
            // for a run that changed only prices or settings
            new RegistryVersionStore(database).bump();
        }
        if (options.logs()) {
            logs();
        }
        return report;
    }

    /** Public model names by lower-cased name (the original keys prices so): the original's, then llmio's own. */
    private void publicModelNames() {
        for (LegacyRow row : source.all("models")) {
            String name = row.str("name", "").trim();
            if (!row.deleted() && !name.isEmpty()) {
                modelByLowerName.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
            }
        }
        if (!emptyTarget) {
            for (Model m : models.list()) {
                modelByLowerName.putIfAbsent(m.name().toLowerCase(Locale.ROOT), m.name());
            }
        }
    }

    // ---- providers, models, associations -------------------------------------------------------------------

    private void registry(DbExecute ex) {
        providers(ex);
        models(ex);
        associations(ex);
        if (!emptyTarget) {
            for (Provider p : providers.list(ex)) {
                providerByName.putIfAbsent(p.name(), p.id());
            }
        }
    }

    private void providers(DbExecute ex) {
        ImportReport.Tally tally = report.table("providers");
        Map<String, Long> seen = new HashMap<>();
        for (LegacyRow row : source.all("providers")) {
            if (row.deleted()) {
                tally.deleted++;
                continue;
            }
            String name = row.str("name", "").trim();
            String problem = nameProblem(name, "provider");
            if (problem == null && seen.containsKey(name)) {
                problem = "a second provider named '" + name + "' (row #" + seen.get(name) + " is imported)";
            }
            String rawType = row.str("type", "").trim();
            Optional<ProviderType> type = ProviderType.parse(rawType);
            if (problem == null && type.isEmpty()) {
                problem = "type '" + rawType + "' is none of openai, codex, anthropic, gemini";
            }
            JsonNode config = problem == null ? json(row.str("config", "")) : null;
            if (problem == null && (config == null || !config.isObject())) {
                problem = "config is not a JSON object with base_url and api_key";
            }
            String baseUrl = problem == null ? baseUrl(config.path("base_url").asText("")) : null;
            if (problem == null && baseUrl == null) {
                problem = "config.base_url `" + config.path("base_url").asText("") + "` is not an http(s) URL";
            }
            long rpm = row.lng("rpm_limit", 0);
            long ipLock = row.lng("ip_lock_minutes", 0);
            String console = row.str("console", "").trim();
            if (problem == null && (rpm < 0 || rpm > 1_000_000 || ipLock < 0 || ipLock > 525_600)) {
                problem = "rpm_limit " + rpm + " or ip_lock_minutes " + ipLock + " out of range (0–1000000, 0–525600)";
            }
            if (problem == null && !Columns.URL.fits(console)) {
                problem = "console URL longer than " + Columns.URL.describe();
            }
            if (problem != null) {
                report.skip(row, problem);
                continue;
            }
            seen.put(name, row.id());
            Optional<Provider> existing = emptyTarget ? Optional.empty() : providers.byName(ex, name);
            Map<String, String> headers = new LinkedHashMap<>(existing.map(Provider::headers).orElse(Map.of()));
            String version = config.path("version").asText("").trim();
            if (type.get() == ProviderType.ANTHROPIC && !version.isEmpty()) {
                headers.put("anthropic-version", version);
            }
            Provider wanted = new Provider(existing.map(Provider::id).orElse(0L), name, type.get(), baseUrl,
                                           Secret.of(config.path("api_key").asText("").trim()), headers,
                                           existing.map(Provider::proxy).orElse(""),
                                           existing.map(Provider::errorMatcher).orElse(List.of()), (int) rpm, (int) ipLock,
                                           console, existing.map(Provider::enabled).orElse(true), null, null);
            ImportReport.Outcome o = outcome(existing.map(e -> e.sameSettings(wanted)));
            long id = existing.map(Provider::id).orElse(-row.id());
            if (!options.dryRun()) {
                id = switch (o) {
                    case CREATED -> providers.create(ex, wanted).id();
                    case UPDATED -> providers.update(ex, wanted).orElseThrow().id();
                    case UNCHANGED -> id;
                };
            }
            providerIds.put(row.id(), id);
            providerNames.put(row.id(), name);
            providerByName.put(name, id);
            done(tally, o, "provider '" + name + "' (" + type.get().wire() + ")");
        }
    }

    private void models(DbExecute ex) {
        ImportReport.Tally tally = report.table("models");
        Map<String, Long> seen = new HashMap<>();
        for (LegacyRow row : source.all("models")) {
            if (row.deleted()) {
                tally.deleted++;
                continue;
            }
            String name = row.str("name", "").trim();
            String problem = nameProblem(name, "model");
            if (problem == null && seen.containsKey(name)) {
                problem = "a second model named '" + name + "' (row #" + seen.get(name) + " is imported)";
            }
            long maxRetry = row.lng("max_retry", 10);
            long timeout = row.lng("time_out", 60);
            if (problem == null && (maxRetry < 0 || maxRetry > 1000 || timeout < 1 || timeout > 86_400)) {
                problem = "max_retry " + maxRetry + " or time_out " + timeout + " out of range";
            }
            if (problem != null) {
                report.skip(row, problem);
                continue;
            }
            seen.put(name, row.id());
            String rawStrategy = row.str("strategy", "").trim();
            Strategy strategy = rawStrategy.isEmpty() ? Strategy.LOTTERY : Strategy.parse(rawStrategy).orElse(null);
            if (strategy == null) {
                report.note("models", row.label() + ": strategy '" + rawStrategy + "' is unknown; imported as lottery");
                strategy = Strategy.LOTTERY;
            }
            Optional<Model> existing = emptyTarget ? Optional.empty() : models.byName(ex, name);
            Model wanted = new Model(existing.map(Model::id).orElse(0L), name, row.str("remark", ""), strategy,
                                     (int) maxRetry, (int) timeout, row.bool("io_log", false), row.bool("breaker", false),
                                     row.bool("status", true), null, null);
            ImportReport.Outcome o = outcome(existing.map(e -> e.sameSettings(wanted)));
            long id = existing.map(Model::id).orElse(-row.id());
            if (!options.dryRun()) {
                id = switch (o) {
                    case CREATED -> models.create(ex, wanted).id();
                    case UPDATED -> models.update(ex, wanted).orElseThrow().id();
                    case UNCHANGED -> id;
                };
            }
            modelIds.put(row.id(), id);
            modelNames.put(row.id(), name);
            done(tally, o, "model '" + name + "'");
        }
    }

    private void associations(DbExecute ex) {
        ImportReport.Tally tally = report.table("model_with_providers");
        Map<String, Long> seen = new HashMap<>();
        for (LegacyRow row : source.all("model_with_providers")) {
            if (row.deleted()) {
                tally.deleted++;
                continue;
            }
            Long modelId = modelIds.get(row.lng("model_id", 0));
            Long providerId = providerIds.get(row.lng("provider_id", 0));
            String upstream = row.str("provider_model", "").trim();
            String problem = null;
            if (modelId == null) {
                problem = "model #" + row.lng("model_id", 0) + " is deleted or not imported";
            } else if (providerId == null) {
                problem = "provider #" + row.lng("provider_id", 0) + " is deleted or not imported";
            } else if (upstream.isEmpty()) {
                problem = "no provider_model";
            } else if (!Columns.NAME.fits(upstream)) {
                problem = "provider_model longer than " + Columns.NAME.describe();
            }
            String key = modelId + "/" + providerId + "/" + upstream;
            if (problem == null && seen.containsKey(key)) {
                problem = "same model, provider and provider_model as row #" + seen.get(key);
            }
            if (problem != null) {
                report.skip(row, problem);
                continue;
            }
            seen.put(key, row.id());
            Map<String, String> headers = headers(row);
            Optional<Association> existing = modelId < 0 || providerId < 0 || emptyTarget ? Optional.empty()
                    : associations.byKey(ex, modelId, providerId, upstream);
            Association wanted = new Association(existing.map(Association::id).orElse(0L), modelId, providerId, upstream,
                                                 (int) row.lng("weight", 1), row.bool("tool_call", false),
                                                 row.bool("structured_output", false), row.bool("image", false),
                                                 row.bool("with_header", false), headers,
                                                 existing.map(Association::extraBody).orElse("{}"), row.bool("status", true),
                                                 null, null);
            ImportReport.Outcome o = outcome(existing.map(e -> e.sameSettings(wanted)));
            if (!options.dryRun()) {
                switch (o) {
                    case CREATED -> associations.create(ex, wanted);
                    case UPDATED -> associations.update(ex, wanted).orElseThrow();
                    case UNCHANGED -> {
                        // nothing to write
                    }
                }
            }
            done(tally, o, "association " + modelNames.get(row.lng("model_id", 0)) + " → "
                           + providerNames.get(row.lng("provider_id", 0)) + "/" + upstream);
        }
    }

    /** customer_headers: a JSON object of strings; NULL or empty is none. Anything else is reported and left out. */
    private Map<String, String> headers(LegacyRow row) {
        String text = row.str("customer_headers", "").trim();
        Map<String, String> out = new LinkedHashMap<>();
        if (text.isEmpty() || text.equals("null")) {
            return out;
        }
        JsonNode node = json(text);
        if (node == null || !node.isObject()) {
            report.note("model_with_providers", row.label() + ": customer_headers is not a JSON object; imported without "
                                                + "headers");
            return out;
        }
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                out.put(e.getKey(), e.getValue().asText());
            } else {
                report.note("model_with_providers", row.label() + ": header '" + e.getKey()
                                                    + "' has no text value; left out");
            }
        });
        return out;
    }

    // ---- API keys -------------------------------------------------------------------------------------------

    private void keys() {
        ImportReport.Tally tally = report.table("auth_keys");
        if (!source.has("auth_keys")) {
            tally.absent = true;
            return;
        }
        Set<String> seen = new HashSet<>();
        for (LegacyRow row : source.all("auth_keys")) {
            if (row.deleted()) {
                tally.deleted++;
                continue;
            }
            String secret = row.str("key", "").trim();
            if (secret.isEmpty()) {
                report.skip(row, "no key");
                continue;
            }
            String hash = KeyHash.sha256(secret);
            if (!seen.add(hash)) {
                report.skip(row, "the same key as an earlier row");
                continue;
            }
            String name = row.str("name", "").trim();
            if (name.isEmpty()) {
                name = "key #" + row.id();
            }
            if (!Columns.NAME.fits(name)) {
                report.note("auth_keys", row.label() + ": name cut to " + Columns.NAME.describe());
                name = name.substring(0, name.offsetByCodePoints(0, Columns.NAME.max()));
            }
            boolean allowAll = row.bool("allow_all", true);
            List<String> allowed = allowList(row, allowAll);
            Optional<AuthKey> existing = emptyTarget ? Optional.empty() : keys.byHash(hash);
            AuthKey wanted = new AuthKey(existing.map(AuthKey::id).orElse(0L), name, hash, Secret.mask(secret),
                                         row.bool("status", true), allowAll, allowed, row.instant("expires_at"), 0, null,
                                         null, null);
            ImportReport.Outcome o = outcome(existing.map(e -> e.name().equals(wanted.name())
                    && e.enabled() == wanted.enabled() && e.allowAll() == wanted.allowAll()
                    && e.models().equals(wanted.models()) && Objects.equals(e.expiresAt(), wanted.expiresAt())));
            long id = existing.map(AuthKey::id).orElse(-row.id());
            if (!options.dryRun()) {
                switch (o) {
                    case CREATED -> {
                        id = keys.create(wanted).id();
                        long used = row.lng("usage_count", 0);
                        Instant last = row.instant("last_used_at");
                        if (used > 0 || last != null) {
                            Map<Long, AuthKeyStore.Usage> usage = new HashMap<>();
                            usage.put(id, new AuthKeyStore.Usage(Math.max(0, used), last));
                            keys.recordUsage(usage);
                        }
                    }
                    case UPDATED -> keys.update(wanted).orElseThrow();
                    case UNCHANGED -> {
                        // nothing to write
                    }
                }
            }
            keyIds.put(row.id(), id);
            done(tally, o, "API key '" + name + "' (" + wanted.keyPrefix() + ")");
        }
    }

    /** models: a JSON array of model names; NULL or empty is none. */
    private List<String> allowList(LegacyRow row, boolean allowAll) {
        String text = row.str("models", "").trim();
        if (text.isEmpty() || text.equals("null")) {
            return List.of();
        }
        JsonNode node = json(text);
        if (node == null || !node.isArray()) {
            report.note("auth_keys", row.label() + ": models is not a JSON array of model names; imported with an empty "
                                     + "allow-list" + (allowAll ? " (it allows every model)" : " (it allows no model)"));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        node.forEach(n -> {
            if (n.isTextual() && !n.asText().isBlank() && !out.contains(n.asText().trim())) {
                out.add(n.asText().trim());
            }
        });
        return out;
    }

    // ---- prices and settings --------------------------------------------------------------------------------

    /** True when something was (or would be) written. */
    private boolean prices() {
        ImportReport.Tally tally = report.table("model_prices");
        if (!source.has("model_prices")) {
            tally.absent = true;
            return false;
        }
        Map<String, Long> seen = new HashMap<>();
        long before = report.changes();
        for (LegacyRow row : source.all("model_prices")) {
            if (row.deleted()) {
                tally.deleted++;
                continue;
            }
            String id = row.str("model_id", "").trim();
            String name = modelByLowerName.getOrDefault(id.toLowerCase(Locale.ROOT), id);
            String problem = nameProblem(name, "model_id");
            if (problem == null && seen.containsKey(name)) {
                problem = "a second price for '" + name + "' (provider '" + row.str("provider", "")
                          + "'; the one of row #" + seen.get(name) + " is imported: llmio keeps one price per model)";
            }
            if (problem != null) {
                report.skip(row, problem);
                continue;
            }
            seen.put(name, row.id());
            if (row.dbl("cache_write", 0) != 0) {
                report.note("model_prices", row.label() + " '" + id + "': cache_write " + row.dbl("cache_write", 0)
                                            + " has no counterpart in llmio (cache writes are priced as input)");
            }
            Double cached = row.has("cache_read") ? row.dbl("cache_read", 0) : null;
            ModelPrice wanted = new ModelPrice(0, name, null, row.dbl("input", 0), row.dbl("output", 0), cached,
                                               ModelPrice.MANUAL, null);
            Optional<ModelPrice> existing = emptyTarget ? Optional.empty() : prices.forModel(name);
            ImportReport.Outcome o = outcome(existing.map(e -> e.associationId() == null
                    && e.inputPerMtok() == wanted.inputPerMtok() && e.outputPerMtok() == wanted.outputPerMtok()
                    && Objects.equals(e.cachedInputPerMtok(), wanted.cachedInputPerMtok())));
            if (!options.dryRun() && o != ImportReport.Outcome.UNCHANGED) {
                prices.upsert(wanted);
            }
            done(tally, o, "price of '" + name + "'");
        }
        return report.changes() > before;
    }

    /** The original's configs with a counterpart: {@code log_cleanup_policy} → {@code log_retention_days}. */
    private boolean settings() {
        ImportReport.Tally tally = report.table("configs");
        if (!source.has("configs")) {
            tally.absent = true;
            return false;
        }
        long before = report.changes();
        for (LegacyRow row : source.all("configs")) {
            if (row.deleted()) {
                tally.deleted++;
                continue;
            }
            String key = row.str("key", "").trim();
            String value = row.str("value", "");
            if (!key.equals("log_cleanup_policy")) {
                report.skip(row, key.equals("anthropic_count_tokens")
                        ? "no counterpart: llmio sends count_tokens to the model's own anthropic providers"
                        : "no counterpart in llmio's settings");
                continue;
            }
            JsonNode policy = json(value);
            if (policy == null || !policy.isObject() || !policy.path("retention_days").canConvertToLong()) {
                report.skip(row, "value is not {\"enabled\":…,\"retention_days\":…}");
                continue;
            }
            long days = policy.path("enabled").asBoolean(false) ? policy.path("retention_days").asLong() : 0;
            String wanted;
            try {
                wanted = SettingKeys.validate(SettingKeys.LOG_RETENTION_DAYS, Long.toString(days));
            } catch (IllegalArgumentException e) {
                report.skip(row, e.getMessage());
                continue;
            }
            Optional<String> existing = emptyTarget ? Optional.empty() : settings.get(SettingKeys.LOG_RETENTION_DAYS);
            ImportReport.Outcome o = outcome(existing.map(wanted::equals));
            if (!options.dryRun() && o != ImportReport.Outcome.UNCHANGED) {
                settings.put(SettingKeys.LOG_RETENTION_DAYS, wanted);
            }
            done(tally, o, "setting " + SettingKeys.LOG_RETENTION_DAYS + " = " + wanted + (days == 0 ? " (off)" : ""));
        }
        return report.changes() > before;
    }

    // ---- request log ----------------------------------------------------------------------------------------

    private void logs() {
        ImportReport.Tally tally = report.table("chat_logs");
        if (!source.has("chat_logs")) {
            tally.absent = true;
            return;
        }
        String io = source.firstTable("chat_io", "chat_ios");
        Set<String> ioColumns = io == null ? Set.of() : source.columns(io);
        String outputText = ioColumns.contains("output_string") ? "output_string"
                : ioColumns.contains("of_string") ? "of_string" : null;
        String outputEvents = ioColumns.contains("output_string_array") ? "output_string_array"
                : ioColumns.contains("of_string_array") ? "of_string_array" : null;
        long unknownKeys = 0;
        long after = 0;
        while (true) {
            List<LegacyRow> page = source.page("chat_logs", after, LOG_BATCH);
            if (page.isEmpty()) {
                break;
            }
            after = page.getLast().id();
            Map<Long, RequestLog> mapped = new LinkedHashMap<>();
            for (LegacyRow row : page) {
                if (row.deleted()) {
                    tally.deleted++;
                    continue;
                }
                RequestLog log = log(row);
                if (log != null) {
                    mapped.put(row.id(), log);
                    long key = row.lng("auth_key_id", 0);
                    if (key != 0 && !keyIds.containsKey(key)) {
                        unknownKeys++;
                    }
                }
            }
            Map<Long, String> present = emptyTarget ? Map.of()
                    : logs.traceIds(mapped.values().stream().map(RequestLog::id).toList());
            Map<Long, RequestLog> fresh = new LinkedHashMap<>();
            for (Map.Entry<Long, RequestLog> e : mapped.entrySet()) {
                RequestLog l = e.getValue();
                String trace = present.get(l.id());
                if (trace == null) {
                    fresh.put(e.getKey(), l);
                    tally.created++;
                } else if (trace.equals(l.traceId())) {
                    tally.unchanged++;
                } else {
                    report.skip("chat_logs", "chat_logs #" + e.getKey() + ": its llmio id " + l.id()
                                             + " is taken by another row (trace " + trace + ")");
                }
            }
            if (!options.dryRun() && !fresh.isEmpty()) {
                writeLogs(fresh, io, outputText, outputEvents);
            }
        }
        if (unknownKeys > 0) {
            report.note("chat_logs", unknownKeys + " row(s) name an API key that is deleted or was not imported; "
                                     + "their key is left empty");
        }
    }

    /** A chat_logs row as a request_logs row (bodies not yet known), or null when it cannot be mapped (reported). */
    private RequestLog log(LegacyRow row) {
        Instant created = row.instant("created_at");
        if (created == null) {
            report.skip(row, "no created_at");
            return null;
        }
        String rawStyle = row.str("style", "").trim();
        String style = style(rawStyle);
        if (style == null) {
            report.skip(row, "style '" + rawStyle + "' is none of openai, codex, anthropic, gemini, openai-embeddings, "
                             + "gemini-embeddings");
            return null;
        }
        String status = row.str("status", "").trim();
        if (!status.equals(RequestLog.SUCCESS) && !status.equals(RequestLog.ERROR)) {
            report.skip(row, "status '" + status + "' is neither success nor error");
            return null;
        }
        String trace = row.firstStr("", "uuid", "trace_id").trim();
        if (trace.isEmpty()) {
            trace = "legacy-" + row.id();
        }
        long authKey = row.lng("auth_key_id", 0);
        Long keyId = authKey == 0 ? null : keyIds.get(authKey);
        if (keyId != null && keyId < 0) {
            keyId = null;
        }
        String provider = row.str("provider_name", "");
        Long providerId = providerByName.get(provider);
        if (providerId != null && providerId < 0) {
            providerId = null;
        }
        Long proxyMs = positive(row.has("proxy_time_ms") ? row.lng("proxy_time_ms", 0)
                                        : row.lng("proxy_time", 0) / 1_000_000);
        Long firstMs = positive(row.has("first_chunk_time_ms") ? row.lng("first_chunk_time_ms", 0)
                                        : row.lng("first_chunk_time", 0) / 1_000_000);
        Long chunkMs = positive(row.has("chunk_time_ms") ? row.lng("chunk_time_ms", 0)
                                        : row.lng("chunk_time", 0) / 1_000_000);
        // the original's chunk time runs from the first chunk to the end
        Long totalMs = firstMs == null && chunkMs == null ? null
                : (firstMs == null ? 0 : firstMs) + (chunkMs == null ? 0 : chunkMs);
        long prompt = row.lng("prompt_tokens", 0);
        long completion = row.lng("completion_tokens", 0);
        long total = row.lng("total_tokens", 0);
        JsonNode details = json(row.str("prompt_tokens_details", ""));
        long cached = details == null ? 0 : details.path("cached_tokens").asLong(0);
        double tps = row.dbl("tps", 0);
        String error = row.str("error", "");
        return new RequestLog(logId(created, row.id()), trace, created, row.str("name", ""), providerId, provider,
                              row.str("provider_model", ""), style, tps > 0, keyId, row.str("remote_ip", ""),
                              row.str("user_agent", ""), (int) row.lng("retry", 0), status, null,
                              error.isEmpty() ? null : error, proxyMs, firstMs, totalMs, prompt, completion, total, cached,
                              0, prompt + completion + total > 0 ? UsageSource.UPSTREAM.wire() : UsageSource.NONE.wire(),
                              tps, row.lng("size", 0), row.dbl("total_cost", 0), false, style);
    }

    /**
     * Writes new log rows with their bodies: which rows have one is asked first (ids only), so the rows go in
     * with has_body set; the bodies follow {@link #BODY_BATCH} at a time, each cut to the body cap as it is read.
     */
    private void writeLogs(Map<Long, RequestLog> fresh, String io, String outputText, String outputEvents) {
        Set<Long> withBody = new HashSet<>();
        Set<Long> streamed = new HashSet<>();
        List<Long> legacyIds = new ArrayList<>(fresh.keySet());
        if (io != null) {
            String events = outputEvents == null ? "NULL" : outputEvents;
            for (List<Long> part : parts(legacyIds, LOG_BATCH)) {
                source.forEachIn(io, "log_id", part, "log_id, deleted_at, CASE WHEN " + events + " IS NULL OR " + events
                                                     + " = '' OR " + events + " = '[]' OR " + events
                                                     + " = 'null' THEN 0 ELSE 1 END AS streamed", r -> {
                    if (!r.deleted()) {
                        withBody.add(r.lng("log_id", 0));
                        if (r.bool("streamed", false)) {
                            streamed.add(r.lng("log_id", 0));
                        }
                    }
                });
            }
        }
        List<RequestLog> rows = new ArrayList<>();
        fresh.forEach((legacyId, l) -> rows.add(withBody.contains(legacyId) || streamed.contains(legacyId)
                ? copy(l, l.stream() || streamed.contains(legacyId), withBody.contains(legacyId)) : l));
        logs.insert(rows);
        if (withBody.isEmpty()) {
            return;
        }
        String columns = "log_id, deleted_at, input" + (outputText == null ? "" : ", " + outputText)
                         + (outputEvents == null ? "" : ", " + outputEvents);
        Set<Long> written = new HashSet<>();
        for (List<Long> part : parts(legacyIds.stream().filter(withBody::contains).toList(), BODY_BATCH)) {
            List<RequestBody> bodies = new ArrayList<>();
            source.forEachIn(io, "log_id", part, columns, r -> {
                long legacyId = r.lng("log_id", 0);
                if (r.deleted() || !written.add(legacyId)) {
                    return;
                }
                RequestLog l = fresh.get(legacyId);
                bodies.add(new RequestBody(l.id(), text(r.str("input", null)), response(r, outputText, outputEvents),
                                           l.createdAt()));
            });
            logs.insertBodies(bodies);
        }
    }

    private String text(String s) {
        return s == null ? null : LogBodies.text(s.getBytes(StandardCharsets.UTF_8), options.bodyMaxBytes());
    }

    /** The answer: the whole text, or the SSE data payloads in llmio's stored form. */
    private String response(LegacyRow r, String outputText, String outputEvents) {
        String whole = outputText == null ? "" : r.str(outputText, "");
        if (!whole.isEmpty()) {
            return text(whole);
        }
        JsonNode events = outputEvents == null ? null : json(r.str(outputEvents, ""));
        if (events == null || !events.isArray() || events.isEmpty()) {
            return null;
        }
        List<String> payloads = new ArrayList<>();
        events.forEach(e -> payloads.add(e.isTextual() ? e.asText() : e.toString()));
        return LogBodies.events(payloads, options.bodyMaxBytes());
    }

    /**
     * The llmio id of an original log row: its creation millisecond in {@link LogIds}' layout, the low bits
     * from the original's id. The same row always gets the same id (a second run finds it), ordered by time
     * among llmio's own rows.
     */
    static long logId(Instant created, long legacyId) {
        return ((created.toEpochMilli() - LogIds.EPOCH_MS) << ID_LOW_BITS) | (legacyId & ((1L << ID_LOW_BITS) - 1));
    }

    /** The original's style names: llmio's, with {@code codex} for the Responses API. */
    static String style(String legacy) {
        if (legacy.equals("codex")) {
            return Style.OPENAI_RESPONSES.wire();
        }
        for (Style s : Style.values()) {
            if (s.wire().equals(legacy) && s != Style.OPENAI_RESPONSES && s != Style.ANTHROPIC_COUNT_TOKENS) {
                return s.wire();
            }
        }
        return null;
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private void done(ImportReport.Tally tally, ImportReport.Outcome o, String what) {
        tally.count(o);
        switch (o) {
            case CREATED -> out.println("  " + (options.dryRun() ? "would create " : "created ") + what);
            case UPDATED -> out.println("  " + (options.dryRun() ? "would update " : "updated ") + what);
            case UNCHANGED -> {
                // counted only
            }
        }
    }

    private static ImportReport.Outcome outcome(Optional<Boolean> sameAsStored) {
        return sameAsStored.isEmpty() ? ImportReport.Outcome.CREATED
                : sameAsStored.get() ? ImportReport.Outcome.UNCHANGED : ImportReport.Outcome.UPDATED;
    }

    private static String nameProblem(String name, String what) {
        if (name.isEmpty()) {
            return "no " + what + " name";
        }
        return Columns.NAME.fits(name) ? null : what + " name longer than " + Columns.NAME.describe();
    }

    /** An http(s) URL with a host, trailing slashes removed (as the providers API stores it); null otherwise. */
    private static String baseUrl(String raw) {
        String v = raw.trim();
        try {
            URI uri = URI.create(v);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null || !Columns.URL.fits(v)) {
                return null;
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }

    private static JsonNode json(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static Long positive(long v) {
        return v > 0 ? v : null;
    }

    private static RequestLog copy(RequestLog l, boolean stream, boolean hasBody) {
        return new RequestLog(l.id(), l.traceId(), l.createdAt(), l.model(), l.providerId(), l.providerName(),
                              l.providerModel(), l.style(), stream, l.authKeyId(), l.clientIp(), l.userAgent(), l.attempt(),
                              l.status(), l.httpStatus(), l.error(), l.proxyMs(), l.firstTokenMs(), l.totalMs(),
                              l.promptTokens(), l.completionTokens(), l.totalTokens(), l.cachedTokens(),
                              l.reasoningTokens(), l.usageSource(), l.tokensPerSecond(), l.responseBytes(), l.cost(),
                              hasBody, l.upstreamStyle());
    }

    private static <T> List<List<T>> parts(List<T> all, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size) {
            out.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return out;
    }
}
