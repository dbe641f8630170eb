package io.claimlens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.claimlens.config.ClaimlensException;
import io.claimlens.config.ExitCode;
import io.claimlens.io.RunLock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The run lock on S3 (s3proxy through S3A), without a job run: what the lock's exclusive create
 * rests on there, and the lock refusing a second run.
 */
@ExtendWith(SharedServers.class)
class RunLockS3IT {
  private static S3Proxy s3;
  private static Configuration hadoop;
  private static Map<String, String> replaced;

  @BeforeAll
  static void pointS3aAtTheServer(S3Proxy server) {
    s3 = server;
    hadoop = new Configuration();
    replaced = s3.configure(hadoop);
  }

  @AfterAll
  static void restore() {
    S3Proxy.restore(hadoop, replaced);
  }

  /**
   * Guarantee the lock rests on: of two runs that both found a lock epoch free and write it, the
   * store keeps the first and refuses the second (S3A's conditional PUT, If-None-Match: *, HTTP
   * 412), so only one believes it holds the lock. Without the option both writes succeed.
   */
  @Test
  void theStoreRefusesTheSecondOfTwoInterleavedConditionalCreates() throws IOException {
    Path epoch = new Path(s3.uri("lock-race/_lock/1"));
    FileSystem fs = epoch.getFileSystem(hadoop);
    FSDataOutputStream first = conditional(fs, epoch);
    // both passed S3A's existence check before either wrote
    FSDataOutputStream second = conditional(fs, epoch);
    first.write("first".getBytes(StandardCharsets.UTF_8));
    second.write("second".getBytes(StandardCharsets.UTF_8));
    first.close();
    IOException refused = assertThrows(IOException.class, second::close);
    assertEquals(true, refused.getMessage().contains("412"), refused.getMessage());
    try (InputStream in = fs.open(epoch)) {
      assertEquals("first", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** Guarantee: a second run into an S3 root whose lock a live run holds is refused (exit 4). */
  @Test
  void aSecondRunIsRefusedWhileTheFirstHoldsTheRoot() {
    String root = s3.uri("lock-held");
    try (RunLock held =
        RunLock.acquire(hadoop, root, "run-1", Duration.ofMinutes(10), Clock.systemUTC())) {
      ClaimlensException e =
          assertThrows(
              ClaimlensException.class,
              () ->
                  RunLock.acquire(
                      hadoop, root, "run-2", Duration.ofMinutes(10), Clock.systemUTC()));
      assertEquals(ExitCode.OUTPUT_LOCKED, e.exitCode());
      assertEquals(true, e.getMessage().contains("run-1"), e.getMessage());
    }
  }

  private static FSDataOutputStream conditional(FileSystem fs, Path file) throws IOException {
    FSDataOutputStreamBuilder<?, ?> create = fs.createFile(file).overwrite(false);
    create.opt(Options.CreateFileOptionKeys.FS_OPTION_CREATE_CONDITIONAL_OVERWRITE, true);
    return create.build();
  }
}
