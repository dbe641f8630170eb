package io.claimlens.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's local file system ({@code file:}, with its checksums) that sets and reads permissions
 * through {@code java.nio} instead of child processes.
 *
 * <p>Why: without Hadoop's native library, which Spark's Maven artifacts (run-local.sh, the tests)
 * and Spark's own distributions do not ship, Hadoop's local file system runs {@code chmod} in a
 * child process for every folder and file it creates, and {@code ls -ld} for every file status
 * whose permission, owner or group is read (a listing's located statuses copy all three). A night
 * on the sample started 135 such processes, 7 ms each on this machine, on the driver's and the
 * tasks' critical paths: five unit-test classes that run the job ran in 0.80–0.87× the time without
 * them (docs/benchmarks.md). Where the native library is loaded Hadoop's own calls are used, since
 * they start no process either.
 *
 * <p>The scripts that run the job in local mode name it as {@code spark.hadoop.fs.file.impl}, the
 * tests in their {@code core-site.xml}: a Hadoop file system is cached per scheme when first made,
 * so it must be chosen before the session starts, and spark-submit makes one as it resolves the
 * application jar.
 */
public final class ShellFreeLocalFileSystem extends LocalFileSystem {
  public ShellFreeLocalFileSystem() {
    super(new Raw());
  }

  /** The file system under the checksums: where Hadoop sets and reads permissions. */
  static final class Raw extends RawLocalFileSystem {
    /** The POSIX mode, owner and group of a file, as the JDK reads them on Unix. */
    private static final String UNIX_ATTRIBUTES = "unix:mode,owner,group";

    /** The bits of a mode that {@link FsPermission} holds: the sticky bit and rwx for all three. */
    private static final int PERMISSION_BITS = 01777;

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      // java.nio sets no sticky bit
      if (NativeIO.isAvailable() || permission.getStickyBit()) {
        super.setPermission(p, permission);
        return;
      }
      try {
        Files.setPosixFilePermissions(
            pathToFile(p).toPath(), PosixFilePermissions.fromString(permission.toString()));
      } catch (NoSuchFileException e) {
        throw new FileNotFoundException("File " + p + " does not exist");
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: Hadoop's own way
        super.setPermission(p, permission);
      }
    }

    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
      return withOwnership(super.getFileStatus(f));
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
      FileStatus[] listed = super.listStatus(f);
      for (int i = 0; i < listed.length; i++) {
        listed[i] = withOwnership(listed[i]);
      }
      return listed;
    }

    /**
     * {@code status} with its permission, owner and group read now, in this process: Hadoop's
     * status of a local file reads them with {@code ls -ld} when first asked. Symbolic links are
     * followed, as for the status's length and kind.
     */
    private FileStatus withOwnership(FileStatus status) throws IOException {
      // a plain status is read already: a folder's listing reads each entry by getFileStatus
      if (NativeIO.isAvailable() || status.isSymlink() || status.getClass() == FileStatus.class) {
        return status;
      }
      Map<String, Object> attributes;
      try {
        attributes = Files.readAttributes(pathToFile(status.getPath()).toPath(), UNIX_ATTRIBUTES);
      } catch (NoSuchFileException e) {
        throw new FileNotFoundException("File " + status.getPath() + " does not exist");
      } catch (UnsupportedOperationException e) {
        // not a Unix file system: Hadoop's own way
        return status;
      }
      return new FileStatus(
          status.getLen(),
          status.isDirectory(),
          status.getReplication(),
          status.getBlockSize(),
          status.getModificationTime(),
          status.getAccessTime(),
          new FsPermission((short) ((int) attributes.get("mode") & PERMISSION_BITS)),
          ((UserPrincipal) attributes.get("owner")).getName(),
          ((GroupPrincipal) attributes.get("group")).getName(),
          status.getPath());
    }
  }
}
