package io.claimlens.io;

import io.claimlens.config.ClaimlensException;
import io.claimlens.config.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock a run holds on its output root from its first step to its last, so that a second run
 * into the same root refuses at once (exit 4) instead of failing late or mixing two runs' tables.
 *
 * <p>The lock is a numbered file {@code <root>/_lock/<epoch>}. Every change of holder creates the
 * next epoch's file exclusively: two runs that race for it both try to create the same name and the
 * file system lets exactly one succeed. Nothing is ever deleted to hand the lock over, so there is
 * no window in which a racing run could remove a lock another has just taken. The holder rewrites
 * its own file as a heartbeat; a lock whose heartbeat is older than the timeout belongs to a dead
 * run and the next run takes the following epoch. A holder that finds a later epoch has lost the
 * lock (it was paused longer than the timeout) and must not publish.
 *
 * <p>Exclusive create: on local disk, a hard link of the written file (POSIX link(2) fails when the
 * name exists); on HDFS, {@code create(overwrite=false)}, checked by the NameNode in one operation;
 * on S3A, a conditional PUT (If-None-Match) when the store supports it, otherwise S3A checks for
 * the object before writing it and two runs starting within that moment can both believe they hold
 * the lock (see docs/running.md).
 */
public final class RunLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);

  /** The folder of the lock files under the output root; readers skip names starting with '_'. */
  static final String FOLDER = "_lock";

  /** Spark setting: how long a lock keeps without a heartbeat before another run takes it over. */
  public static final String TIMEOUT = "spark.claimlens.lock.timeout";

  /** Ten heartbeats of {@link #TIMEOUT_DEFAULT} / 4 would have to be missed in a row. */
  public static final String TIMEOUT_DEFAULT = "10min";

  /** S3A's put-if-absent option of {@code createFile()} (hadoop-aws 3.4.2 and later). */
  private static final String CONDITIONAL_CREATE =
      Options.CreateFileOptionKeys.FS_OPTION_CREATE_CONDITIONAL_OVERWRITE;

  private static final String RUN_ID = "run_id";
  private static final String HOST = "host";
  private static final String STARTED = "started";
  private static final String HEARTBEAT = "heartbeat";
  private static final String STATE = "state";
  private static final String HELD = "held";
  private static final String RELEASED = "released";

  private final FileSystem fs;
  private final Path folder;
  private final long epoch;
  private final Holder me;
  private final Clock clock;
  private final ScheduledExecutorService heartbeats;
  private volatile Optional<Holder> lostTo = Optional.empty();

  private RunLock(
      FileSystem fs, Path folder, long epoch, Holder me, Clock clock, Duration timeout) {
    this.fs = fs;
    this.folder = folder;
    this.epoch = epoch;
    this.me = me;
    this.clock = clock;
    this.heartbeats =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "claimlens-lock-heartbeat");
              t.setDaemon(true);
              return t;
            });
    long every = Math.max(1, timeout.toMillis() / 4);
    heartbeats.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the lock of {@code root} for {@code runId}, or throws a {@link ClaimlensException} with
   * {@link ExitCode#OUTPUT_LOCKED} naming the live holder.
   */
  public static RunLock acquire(
      Configuration conf, String root, String runId, Duration timeout, Clock clock) {
    Path folder = new Path(trimmed(root), FOLDER);
    try {
      FileSystem fs = folder.getFileSystem(conf);
      // a lost race for an epoch is retried once against its winner, who is then alive
      for (int attempt = 0; attempt < 2; attempt++) {
        OptionalLong last = lastEpoch(fs, folder);
        long next = 1;
        if (last.isPresent()) {
          Holder holder = read(fs, epochFile(folder, last.getAsLong()));
          Instant now = clock.instant();
          if (holder.held() && holder.heartbeat().plus(timeout).isAfter(now)) {
            throw locked(root, holder);
          }
          if (holder.held()) {
            LOG.warn(
                "taking over the lock of {}: run {} on {} (started {}) sent no heartbeat since {},"
                    + " longer than {} ({}); it is taken for dead",
                root,
                holder.runId(),
                holder.host(),
                holder.started(),
                holder.heartbeat(),
                timeout,
                TIMEOUT);
          }
          next = last.getAsLong() + 1;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Holder me = new Holder(runId, host(), now, now, true);
        if (createExclusive(fs, epochFile(folder, next), me)) {
          if (last.isPresent() && last.getAsLong() > 1) {
            // history: only the new holder tidies, and keeps the epoch before its own, which a
            // run that listed the folder a moment ago may still be reading
            fs.delete(epochFile(folder, last.getAsLong() - 1), false);
          }
          LOG.info("locked {} for run {} (lock {})", root, runId, epochFile(folder, next));
          return new RunLock(fs, folder, next, me, clock, timeout);
        }
      }
      throw locked(root, read(fs, epochFile(folder, lastEpoch(fs, folder).orElseThrow())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock output root " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * Throws when another run has taken the lock over since this one took it: what this run would
   * publish could then overwrite that run's tables.
   */
  public void verifyHeld() {
    Optional<Holder> winner = lostTo.isPresent() ? lostTo : laterHolder();
    winner.ifPresent(
        w -> {
          throw new IllegalStateException(
              "lost the lock of the output root to run "
                  + w.runId()
                  + " on "
                  + w.host()
                  + " (this run sent no heartbeat for longer than "
                  + TIMEOUT
                  + "): nothing published");
        });
  }

  /** Marks the lock released, unless another run has taken it over meanwhile. */
  @Override
  public void close() {
    heartbeats.shutdownNow();
    if (laterHolder().isEmpty()) {
      try {
        rewrite(false);
      } catch (IOException e) {
        // the lock times out on its own; a failing store is reported by the run itself
        LOG.warn("cannot release the lock {}: {}", epochFile(folder, epoch), e.toString());
      }
    }
  }

  /** Rewrites this run's lock file with the time now, unless a later epoch exists. */
  private void heartbeat() {
    Optional<Holder> later = laterHolder();
    if (later.isPresent()) {
      lostTo = later;
      heartbeats.shutdown();
      return;
    }
    try {
      rewrite(true);
    } catch (IOException e) {
      // the next beat tries again; several missed beats in a row let another run take over
      LOG.warn("cannot refresh the lock {}: {}", epochFile(folder, epoch), e.toString());
    }
  }

  /** This run's lock file with the time now: still held, or released. */
  private void rewrite(boolean held) throws IOException {
    replace(
        fs,
        epochFile(folder, epoch),
        me.at(clock.instant().truncatedTo(ChronoUnit.SECONDS), held).bytes());
  }

  private Optional<Holder> laterHolder() {
    try {
      OptionalLong last = lastEpoch(fs, folder);
      if (last.isPresent() && last.getAsLong() > epoch) {
        return Optional.of(read(fs, epochFile(folder, last.getAsLong())));
      }
      return Optional.empty();
    } catch (IOException e) {
      // unknown is not lost: publishing will meet the same store failure and stop there
      return Optional.empty();
    }
  }

  private static ClaimlensException locked(String root, Holder holder) {
    return new ClaimlensException(
        ExitCode.OUTPUT_LOCKED,
        "output root "
            + root
            + " is locked by run "
            + holder.runId()
            + " on "
            + holder.host()
            + ", started "
            + holder.started()
            + ", last heartbeat "
            + holder.heartbeat()
            + " (taken over when silent for "
            + TIMEOUT
            + ")");
  }

  private static OptionalLong lastEpoch(FileSystem fs, Path folder) throws IOException {
    FileStatus[] files;
    try {
      files = fs.listStatus(folder);
    } catch (FileNotFoundException e) {
      return OptionalLong.empty();
    }
    OptionalLong last = OptionalLong.empty();
    for (FileStatus f : files) {
      String name = f.getPath().getName();
      if (name.chars().allMatch(Character::isDigit) && !name.isEmpty()) {
        long e = Long.parseLong(name);
        if (last.isEmpty() || e > last.getAsLong()) {
          last = OptionalLong.of(e);
        }
      }
    }
    return last;
  }

  private static Path epochFile(Path folder, long epoch) {
    return new Path(folder, String.format("%019d", epoch));
  }

  /**
   * The holder a lock file names. A file being written (empty or cut short on S3A's first bytes or
   * a local rewrite) counts as held, with its modification time as the heartbeat.
   */
  private static Holder read(FileSystem fs, Path file) throws IOException {
    FileStatus status;
    byte[] bytes;
    try {
      status = fs.getFileStatus(file);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (InputStream in = fs.open(file)) {
        in.transferTo(out);
      }
      bytes = out.toByteArray();
    } catch (FileNotFoundException e) {
      // tidied by a new holder between listing and reading: that holder is alive
      return new Holder("(unknown)", "(unknown)", Instant.EPOCH, Instant.now(), true);
    }
    Properties p = new Properties();
    p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
    Instant modified = Instant.ofEpochMilli(status.getModificationTime());
    try {
      return new Holder(
          p.getProperty(RUN_ID, "(unknown)"),
          p.getProperty(HOST, "(unknown)"),
          Instant.parse(p.getProperty(STARTED, modified.toString())),
          Instant.parse(p.getProperty(HEARTBEAT, modified.toString())),
          !RELEASED.equals(p.getProperty(STATE)));
    } catch (java.time.format.DateTimeParseException e) {
      return new Holder("(unreadable)", "(unknown)", modified, modified, true);
    }
  }

  /** Creates {@code file} naming {@code me} if no file has that name; false if one has. */
  private static boolean createExclusive(FileSystem fs, Path file, Holder me) throws IOException {
    Optional<java.nio.file.Path> local = local(fs, file);
    if (local.isPresent()) {
      java.nio.file.Path target = local.get();
      Files.createDirectories(target.getParent());
      java.nio.file.Path written = Files.createTempFile(target.getParent(), ".", ".tmp");
      try {
        Files.write(written, me.bytes());
        // link(2) is atomic and fails when the name exists; the file appears with its content
        Files.createLink(target, written);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } finally {
        Files.deleteIfExists(written);
      }
    }
    try {
      // HDFS refuses an existing name in create(); S3A checks If-None-Match in close()
      FSDataOutputStreamBuilder<?, ?> create = fs.createFile(file).overwrite(false);
      create.opt(CONDITIONAL_CREATE, true);
      try (FSDataOutputStream out = create.build()) {
        out.write(me.bytes());
      }
      return true;
    } catch (IOException e) {
      if (fs.exists(file)) {
        // a retried PUT can meet its own first attempt: then the file is ours after all
        return read(fs, file).runId().equals(me.runId());
      }
      throw e;
    }
  }

  /** Replaces the content of this run's own lock file in one step where the store allows. */
  private static void replace(FileSystem fs, Path file, byte[] bytes) throws IOException {
    Optional<java.nio.file.Path> local = local(fs, file);
    if (local.isPresent()) {
      java.nio.file.Path written = Files.createTempFile(local.get().getParent(), ".", ".tmp");
      Files.write(written, bytes);
      Files.move(
          written,
          local.get(),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    // an S3 PUT replaces an object whole; HDFS replaces the file in one NameNode operation
    try (OutputStream out = fs.create(file, true)) {
      out.write(bytes);
    }
  }

  /** The local file behind {@code file}, when it is on local disk. */
  private static Optional<java.nio.file.Path> local(FileSystem fs, Path file) {
    if (fs instanceof LocalFileSystem lfs) {
      return Optional.of(lfs.pathToFile(file).toPath());
    }
    if (fs instanceof RawLocalFileSystem raw) {
      return Optional.of(raw.pathToFile(file).toPath());
    }
    return Optional.empty();
  }

  private static String trimmed(String root) {
    return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "(unknown host)";
    }
  }

  /** What a lock file says: who holds it, since when, and its last sign of life. */
  record Holder(String runId, String host, Instant started, Instant heartbeat, boolean held) {

    Holder at(Instant now, boolean stillHeld) {
      return new Holder(runId, host, started, now, stillHeld);
    }

    byte[] bytes() {
      return String.join(
              "\n",
              RUN_ID + "=" + runId,
              HOST + "=" + host,
              STARTED + "=" + started,
              HEARTBEAT + "=" + heartbeat,
              STATE + "=" + (held ? HELD : RELEASED),
              "")
          .getBytes(StandardCharsets.UTF_8);
    }
  }
}
