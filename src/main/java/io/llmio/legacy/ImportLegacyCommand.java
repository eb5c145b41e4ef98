package io.llmio.legacy;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import io.llmio.config.ConfigLoader;
import io.llmio.config.Settings;
import io.llmio.errors.StartupException;
import io.llmio.store.Database;
import io.llmio.store.Dialect;
import io.llmio.store.Dsn;
import io.llmio.store.RegistryVersionStore;

/**
 * {@code llmio import-legacy --from <DSN> [--logs] [--dry-run]}: imports an original llmio database into
 * the database llmio is configured for ({@code DATABASE_TYPE}/{@code DATABASE_DSN}, the embedded one by
 * default: the same the server uses). Exit status 0 when done, 1 when it failed, 2 for a usage error.
 */
public final class ImportLegacyCommand {
    public static final String NAME = "import-legacy";
    public static final String USAGE = "usage: llmio import-legacy --from <DSN of the original llmio's database> [--logs] [--dry-run]\n"
            + "  --from     postgres://user:pass@host:5432/llmio?sslmode=disable or user:pass@tcp(host:3306)/llmio?parseTime=True\n"
            + "  --logs     also import the request log (chat_logs, chat_io), in batches\n"
            + "  --dry-run  print what would change and write nothing\n"
            + "It writes into the database llmio uses (DATABASE_TYPE / DATABASE_DSN, the embedded ./data/ by default).";

    private ImportLegacyCommand() {
    }

    /** The parsed command line. */
    record Args(String from, boolean logs, boolean dryRun) {
        static Args parse(String[] args) {
            String from = null;
            boolean logs = false;
            boolean dryRun = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--from")) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--from needs the DSN of the original's database");
                    }
                    from = args[++i];
                } else if (a.startsWith("--from=")) {
                    from = a.substring("--from=".length());
                } else if (a.equals("--logs")) {
                    logs = true;
                } else if (a.equals("--dry-run")) {
                    dryRun = true;
                } else {
                    // never echo the argument itself: a mistyped --from may carry a password
                    throw new IllegalArgumentException("unknown argument #" + (i + 1) + (a.startsWith("-") ? " (" + a + ")" : ""));
                }
            }
            if (from == null || from.isBlank()) {
                throw new IllegalArgumentException("--from is required");
            }
            return new Args(from.trim(), logs, dryRun);
        }
    }

    /** Runs the command with llmio's settings read from {@code env} and {@code workDir} (as the server reads them). */
    public static int run(String[] argv, Map<String, String> env, Path workDir, PrintStream out, PrintStream err) {
        Args args;
        try {
            args = Args.parse(argv);
        } catch (IllegalArgumentException e) {
            err.println("llmio import-legacy: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        String[] secrets = {null, null};
        try {
            Settings settings = ConfigLoader.load(env, workDir).settings();
            Dsn target = Dsn.parse(settings.databaseType(), settings.databaseDsn(), workDir);
            secrets[1] = target.password().value();
            try (LegacySource source = LegacySource.open(args.from())) {
                secrets[0] = source.dsn().password().value();
                if (sameDatabase(source.dsn(), target)) {
                    throw new StartupException("--from and DATABASE_DSN name the same database (" + target.describe()
                                               + "): llmio needs its own. Point DATABASE_DSN at a new, empty database "
                                               + "(or unset DATABASE_TYPE and DATABASE_DSN for the embedded one).");
                }
                return importInto(source, target, settings, args, out);
            }
        } catch (StartupException e) {
            err.println("llmio import-legacy: " + redact(e.getMessage(), secrets));
            return 1;
        } catch (RuntimeException e) {
            err.println("llmio import-legacy failed: " + redact(oneLine(e), secrets)
                        + ". What was written before stays; running the command again continues from there.");
            return 1;
        }
    }

    private static int importInto(LegacySource source, Dsn target, Settings settings, Args args, PrintStream out) {
        if (args.dryRun() && target.dialect() == Dialect.EMBEDDED && target.jdbcUrl().startsWith("jdbc:h2:file:")
            && !Files.exists(Path.of(target.database() + ".mv.db"))) {
            // a dry run creates no embedded database file: there is none yet, so everything would be created
            header(source, target, args, true, out);
            return report(new LegacyImport(source, null, true, options(settings, args), out).run(), args, out);
        }
        boolean migrate = settings.migrate() && !args.dryRun();
        try (Database database = Database.open(target, migrate)) {
            boolean empty = false;
            if (!database.migrated()) {
                if (!args.dryRun()) {
                    throw new StartupException("llmio's database " + target.describe() + " has migrations pending and "
                                               + "DATABASE_MIGRATE is false: apply them first (or start llmio once).");
                }
                empty = !hasSchema(database);
            }
            header(source, target, args, empty, out);
            return report(new LegacyImport(source, database, empty, options(settings, args), out).run(), args, out);
        }
    }

    private static LegacyImport.Options options(Settings settings, Args args) {
        return new LegacyImport.Options(args.logs(), args.dryRun(), settings.logLimits().bodyMaxBytes());
    }

    private static void header(LegacySource source, Dsn target, Args args, boolean empty, PrintStream out) {
        out.println((args.dryRun() ? "Dry run (nothing is written): importing " : "Importing ")
                    + source.dsn().describe() + " (the original llmio) into " + target.describe()
                    + (args.logs() ? ", request log included" : ""));
        if (empty) {
            out.println("llmio's database has no tables yet: everything would be created.");
        }
    }

    private static int report(ImportReport report, Args args, PrintStream out) {
        report.print(out);
        if (!args.dryRun() && report.changes() > 0) {
            out.println("A running llmio on this database picks the changes up within a few seconds; "
                        + "your clients' API keys work as before.");
        }
        return 0;
    }

    private static boolean hasSchema(Database database) {
        try {
            new RegistryVersionStore(database).current();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean sameDatabase(Dsn a, Dsn b) {
        return a.dialect() == b.dialect() && a.port() == b.port() && Objects.equals(a.database(), b.database())
               && Objects.equals(host(a.host()), host(b.host()));
    }

    private static String host(String h) {
        return h == null ? null : h.equals("localhost") || h.equals("::1") || h.equals("[::1]") ? "127.0.0.1" : h;
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private static String redact(String message, String[] secrets) {
        String m = message == null ? "" : message;
        for (String s : secrets) {
            if (s != null && s.length() >= 3) {
                m = m.replace(s, "****");
            }
        }
        return m;
    }
}
