package dev.ecaprovisioner.org;

import dev.ecaprovisioner.BadInputException;
import dev.ecaprovisioner.OrgFailureException;
import dev.ecaprovisioner.eca.EcaApp;
import dev.ecaprovisioner.eca.EcaComponent;
import dev.ecaprovisioner.eca.EcaType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads every External Client App of one org with as few Metadata API calls as the API allows: one
 * {@code listMetadata} per three types, then one {@code readMetadata} per ten names of a type, many in flight at once.
 * Reads of a type start as soon as its list answer is in.
 *
 * <p>Failures are values: a call that keeps failing marks the components it was to read as unread, and the snapshot
 * says which apps could not be checked and why. A retryable failure is tried again with backoff; an expired session is
 * renewed once per run through the sign-in.
 */
public final class OrgReader {
  /** The name an unread-app entry has when no app could even be listed, so none is known by name. */
  public static final String EVERY_APP = "(every app)";

  private final MetadataApi api;
  private final ReadOptions options;
  private final ReadProgress progress;

  public OrgReader(MetadataApi api, ReadOptions options, ReadProgress progress) {
    this.api = api;
    this.options = options;
    this.progress = progress;
  }

  /** Reads every app of the org. */
  public OrgSnapshot read(OrgSignIn signIn, OrgSession session) {
    return read(signIn, session, Set.of());
  }

  /**
   * Reads the org's apps, or only the named ones.
   *
   * @param onlyApps the apps to read, or empty for all
   * @throws BadInputException when {@code onlyApps} names an app the org does not have
   */
  public OrgSnapshot read(OrgSignIn signIn, OrgSession session, Set<String> onlyApps) {
    Run run = new Run(signIn, session);
    ExecutorService pool = Executors.newFixedThreadPool(options.concurrency(), r -> {
      Thread thread = new Thread(r, "metadata-api");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<EcaType> types = new ArrayList<>();
      List<String> warnings = new ArrayList<>();
      for (EcaType type : EcaType.values()) {
        if (Double.parseDouble(session.apiVersion()) >= Double.parseDouble(type.minApiVersion())) {
          types.add(type);
        } else {
          warnings.add(type.apiName() + " needs API " + type.minApiVersion() + "; the org speaks "
              + session.apiVersion() + ", so it was not read");
        }
      }
      List<List<EcaType>> groups = chunks(types, MetadataApi.MAX_LIST_QUERIES);
      progress.planned(groups.size());
      List<CompletableFuture<Void>> chains = new ArrayList<>();
      for (List<EcaType> group : groups) {
        chains.add(CompletableFuture
            .supplyAsync(() -> run.list(group), pool)
            .thenCompose(listed -> readAll(run, pool, group, listed, onlyApps)));
      }
      CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new)).join();
      progress.done();
      return run.snapshot(types, warnings, onlyApps);
    } finally {
      pool.shutdownNow();
    }
  }

  private CompletableFuture<Void> readAll(Run run, ExecutorService pool, List<EcaType> group,
      Map<EcaType, List<String>> listed, Set<String> onlyApps) {
    List<CompletableFuture<Void>> reads = new ArrayList<>();
    for (EcaType type : group) {
      List<String> names = listed.getOrDefault(type, List.of());
      if (onlyApps.isEmpty()) {
        reads.add(readBatches(run, pool, type, names));
      } else if (type == EcaType.EXTERNAL_CLIENT_APPLICATION) {
        reads.add(readBatches(run, pool, type, names.stream().filter(onlyApps::contains).toList()));
      } else {
        // A child component names its app only inside; the list answer gives just its own name. Components are
        // usually named after their app (Setup names them NAME_oauth, NAME_glbloauth, ...), so those are read first,
        // and the rest of the type only when an app asked for is still without one.
        List<String> likely = names.stream().filter(n -> onlyApps.stream().anyMatch(n::startsWith)).toList();
        Set<String> tried = new HashSet<>(likely);
        List<String> rest = names.stream().filter(n -> !tried.contains(n)).toList();
        reads.add(readBatches(run, pool, type, likely).thenCompose(done -> run.hasComponentForEach(type, onlyApps)
            ? CompletableFuture.completedFuture(null)
            : readBatches(run, pool, type, rest)));
      }
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new));
  }

  private CompletableFuture<Void> readBatches(Run run, ExecutorService pool, EcaType type, List<String> names) {
    List<List<String>> batches = chunks(names, MetadataApi.MAX_READ_NAMES);
    progress.planned(batches.size());
    return CompletableFuture.allOf(batches.stream()
        .map(batch -> CompletableFuture.runAsync(() -> run.read(type, batch), pool))
        .toArray(CompletableFuture[]::new));
  }

  static <T> List<List<T>> chunks(List<T> items, int size) {
    List<List<T>> chunks = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) {
      chunks.add(List.copyOf(items.subList(i, Math.min(items.size(), i + size))));
    }
    return chunks;
  }

  /** A Metadata API call that may be tried again. */
  @FunctionalInterface
  private interface Call<T> {
    T send(OrgSession session) throws MetadataCallException;
  }

  /** The state of one read of one org. */
  private final class Run {
    private final OrgSignIn signIn;
    private volatile OrgSession session;
    private boolean renewed;
    private String renewalFailure;
    private final AtomicInteger listCalls = new AtomicInteger();
    private final AtomicInteger readCalls = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger renewals = new AtomicInteger();
    private final Map<EcaType, String> listFailures = new ConcurrentHashMap<>();
    private final Map<EcaType, Map<String, String>> readFailures = new ConcurrentHashMap<>();
    private final List<EcaComponent> components = Collections.synchronizedList(new ArrayList<>());

    Run(OrgSignIn signIn, OrgSession session) {
      this.signIn = signIn;
      this.session = session;
    }

    Map<EcaType, List<String>> list(List<EcaType> group) {
      Map<EcaType, List<String>> names = new EnumMap<>(EcaType.class);
      try {
        List<MetadataApi.ListedComponent> listed = call(s -> api.listMetadata(s, group), listCalls);
        for (MetadataApi.ListedComponent c : listed) {
          if (group.contains(c.type())) {
            names.computeIfAbsent(c.type(), t -> new ArrayList<>()).add(c.fullName());
          }
        }
        names.replaceAll((t, n) -> List.copyOf(new TreeSet<>(n)));
      } catch (MetadataCallException e) {
        group.forEach(t -> listFailures.put(t, prefixed("listMetadata", e)));
      } finally {
        progress.finished(1);
      }
      return names;
    }

    void read(EcaType type, List<String> names) {
      try {
        List<EcaComponent> read = call(s -> api.readMetadata(s, type, names), readCalls);
        components.addAll(read);
        List<String> returned = read.stream().map(EcaComponent::fullName).toList();
        for (String name : names) {
          if (!returned.contains(name)) {
            failures(type).put(name, "the org listed " + type.apiName() + " " + name + " but did not return it");
          }
        }
      } catch (MetadataCallException e) {
        String why = prefixed("readMetadata", e);
        names.forEach(n -> failures(type).put(n, why));
      } finally {
        progress.finished(1);
      }
    }

    private static String prefixed(String call, MetadataCallException e) {
      if (e.kind() == MetadataCallException.Kind.DENIED) {
        return "access denied: " + e.getMessage();
      }
      return e.getMessage().startsWith(call) ? e.getMessage() : call + " failed: " + e.getMessage();
    }

    /** Whether a component of the type has been read for each of the apps. */
    boolean hasComponentForEach(EcaType type, Set<String> apps) {
      synchronized (components) {
        return apps.stream().allMatch(app -> components.stream()
            .anyMatch(c -> c.type() == type && app.equals(c.appName())));
      }
    }

    private Map<String, String> failures(EcaType type) {
      return readFailures.computeIfAbsent(type, t -> new ConcurrentHashMap<>());
    }

    private <T> T call(Call<T> call, AtomicInteger counter) throws MetadataCallException {
      int retry = 0;
      while (true) {
        OrgSession used = session;
        counter.incrementAndGet();
        try {
          return call.send(used);
        } catch (MetadataCallException e) {
          switch (e.kind()) {
            case SESSION_INVALID -> renewAfter(used);
            case RETRYABLE -> {
              if (retry >= options.maxRetries()) {
                throw retry == 0 ? e : new MetadataCallException(e.kind(), e.faultCode(),
                    e.getMessage() + " (tried " + (retry + 1) + " times)");
              }
              retry++;
              retries.incrementAndGet();
              pause(retry);
            }
            default -> throw e;
          }
        }
      }
    }

    /** Renews the token once per run; a caller whose token was already replaced just retries with the new one. */
    private synchronized void renewAfter(OrgSession failed) throws MetadataCallException {
      if (!session.token().equals(failed.token())) {
        return;
      }
      if (renewalFailure == null && renewed) {
        renewalFailure = "the org refused the session again after a fresh token (INVALID_SESSION_ID): sign in again"
            + " (`sf org login web -o " + signIn.label() + "`)";
      }
      if (renewalFailure != null) {
        throw new MetadataCallException(MetadataCallException.Kind.FAILED, "INVALID_SESSION_ID", renewalFailure);
      }
      try {
        session = session.withToken(signIn.renew(session));
        renewed = true;
        renewals.incrementAndGet();
      } catch (OrgFailureException e) {
        renewalFailure = e.getMessage();
        throw new MetadataCallException(MetadataCallException.Kind.FAILED, "INVALID_SESSION_ID", renewalFailure);
      }
    }

    private void pause(int retry) throws MetadataCallException {
      try {
        Thread.sleep(options.backoffBefore(retry, ThreadLocalRandom.current().nextDouble()).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MetadataCallException(MetadataCallException.Kind.FAILED, "", "interrupted");
      }
    }

    OrgSnapshot snapshot(List<EcaType> types, List<String> warnings, Set<String> onlyApps) {
      List<String> notes = new ArrayList<>(warnings);
      Map<String, Map<EcaType, EcaComponent>> byApp = new TreeMap<>();
      List<EcaComponent> sorted = new ArrayList<>(components);
      sorted.sort((a, b) -> a.type() != b.type() ? a.type().compareTo(b.type()) : a.fullName().compareTo(b.fullName()));
      for (EcaComponent c : sorted) {
        if (c.appName() == null) {
          notes.add(c.type().apiName() + " " + c.fullName() + " names no externalClientApplication, so it belongs to"
              + " no app and was not checked");
          continue;
        }
        Map<EcaType, EcaComponent> parts = byApp.computeIfAbsent(c.appName(), a -> new EnumMap<>(EcaType.class));
        if (parts.putIfAbsent(c.type(), c) != null) {
          notes.add("app " + c.appName() + " has more than one " + c.type().apiName() + "; " + parts.get(c.type())
              .fullName() + " was checked, " + c.fullName() + " was not");
        }
      }
      TreeSet<String> appNames = new TreeSet<>(byApp.keySet());
      readFailures.getOrDefault(EcaType.EXTERNAL_CLIENT_APPLICATION, Map.of()).keySet().forEach(appNames::add);
      if (!onlyApps.isEmpty()) {
        appNames.retainAll(onlyApps);
      }

      Map<EcaType, String> typeFailure = new EnumMap<>(EcaType.class);
      for (EcaType type : types) {
        String listFailure = listFailures.get(type);
        Map<String, String> failed = readFailures.getOrDefault(type, Map.of());
        if (listFailure != null) {
          typeFailure.put(type, listFailure);
        } else if (!failed.isEmpty()) {
          typeFailure.put(type, failed.values().iterator().next());
        }
      }

      List<EcaApp> apps = new ArrayList<>();
      Map<String, String> unread = new LinkedHashMap<>();
      Map<String, Map<EcaType, String>> unknown = new LinkedHashMap<>();
      for (String name : appNames) {
        Map<EcaType, EcaComponent> parts = byApp.getOrDefault(name, Map.of());
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        Map<EcaType, String> unknownHere = new EnumMap<>(EcaType.class);
        for (EcaType type : types) {
          if (parts.containsKey(type) || !typeFailure.containsKey(type)) {
            continue;
          }
          String why = type == EcaType.EXTERNAL_CLIENT_APPLICATION
              ? readFailures.getOrDefault(type, Map.of()).getOrDefault(name, typeFailure.get(type))
              : typeFailure.get(type);
          if (type == EcaType.GLOBAL_OAUTH_SETTINGS) {
            unknownHere.put(type, why);
          } else {
            reasons.computeIfAbsent(why, w -> new ArrayList<>()).add(type.apiName());
          }
        }
        if (!reasons.isEmpty()) {
          List<String> lines = new ArrayList<>();
          reasons.forEach((why, failedTypes) -> lines.add(String.join(", ", failedTypes) + ": " + why));
          unread.put(name, String.join("; ", lines));
        } else {
          apps.add(new EcaApp(name, parts));
          if (!unknownHere.isEmpty()) {
            unknown.put(name, unknownHere);
          }
        }
      }
      for (String wanted : onlyApps) {
        if (!appNames.contains(wanted)) {
          if (typeFailure.isEmpty()) {
            throw new BadInputException("the org " + signIn.label() + " has no External Client App named " + wanted);
          }
          unread.put(wanted, typeFailure.values().iterator().next());
        }
      }
      if (appNames.isEmpty() && onlyApps.isEmpty() && !typeFailure.isEmpty()) {
        // Nothing is known to exist, yet a list or read failed: the org's apps cannot be said to be fine.
        unread.put(EVERY_APP, typeFailure.values().iterator().next());
      }
      OrgSnapshot.CallStats stats = new OrgSnapshot.CallStats(listCalls.get(), readCalls.get(), retries.get(),
          renewals.get());
      return new OrgSnapshot(OrgSnapshot.OrgInfo.of(session), apps, unread, unknown, notes, stats);
    }
  }
}
