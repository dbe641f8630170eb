package io.claimlens.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell-free local file system against Hadoop's own, on one folder: the same permissions set,
 * and the same permission, owner and group read back for folders, files and a sticky folder.
 */
class ShellFreeLocalFileSystemTest {
  @TempDir java.nio.file.Path dir;

  private FileSystem shellFree;
  private FileSystem hadoops;

  @BeforeEach
  void bothFileSystems() throws IOException {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", ShellFreeLocalFileSystem.class.getName());
    shellFree = FileSystem.newInstance(URI.create("file:///"), conf);
    conf.set("fs.file.impl", LocalFileSystem.class.getName());
    hadoops = FileSystem.newInstance(URI.create("file:///"), conf);
  }

  @AfterEach
  void close() throws IOException {
    shellFree.close();
    hadoops.close();
  }

  @Test
  void theTestsAndTheScriptsLocalRunsUseIt() throws IOException {
    // the tests' core-site.xml, as run-local.sh's --conf for local mode
    assertInstanceOf(
        ShellFreeLocalFileSystem.class,
        FileSystem.get(URI.create("file:///"), new Configuration()));
  }

  @Test
  void permissionsItSetsAreThoseHadoopsSets() throws IOException {
    for (short mode : new short[] {0700, 0750, 0644, 0600, 0777}) {
      Path ours = path("ours-" + Integer.toOctalString(mode));
      Path theirs = path("theirs-" + Integer.toOctalString(mode));
      shellFree.mkdirs(new Path(ours, "child"), new FsPermission(mode));
      hadoops.mkdirs(new Path(theirs, "child"), new FsPermission(mode));
      try (var out = shellFree.create(new Path(ours, "child/file"))) {
        out.write(1);
      }
      try (var out = hadoops.create(new Path(theirs, "child/file"))) {
        out.write(1);
      }
      shellFree.setPermission(new Path(ours, "child/file"), new FsPermission(mode));
      hadoops.setPermission(new Path(theirs, "child/file"), new FsPermission(mode));
      for (String part : List.of("", "child", "child/file")) {
        assertEquals(
            hadoops.getFileStatus(part.isEmpty() ? theirs : new Path(theirs, part)).getPermission(),
            hadoops.getFileStatus(part.isEmpty() ? ours : new Path(ours, part)).getPermission(),
            "mode " + Integer.toOctalString(mode) + " at " + part);
      }
    }
  }

  @Test
  void statusesItReadsAreThoseHadoopsReads() throws IOException {
    hadoops.mkdirs(path("folder/deeper"), new FsPermission((short) 0750));
    try (var out = hadoops.create(path("folder/file.parquet"))) {
      out.write(new byte[] {1, 2, 3});
    }
    hadoops.setPermission(path("folder/file.parquet"), new FsPermission((short) 0640));
    // the sticky bit, which java.nio neither sets nor lists among a file's permissions
    hadoops.mkdirs(path("sticky"));
    hadoops.setPermission(path("sticky"), new FsPermission((short) 01777));
    shellFree.setPermission(path("sticky"), new FsPermission((short) 01755));

    for (String p : List.of("folder", "folder/deeper", "folder/file.parquet", "sticky")) {
      assertSameStatus(hadoops.getFileStatus(path(p)), shellFree.getFileStatus(path(p)));
    }
    assertEquals(
        new FsPermission((short) 01755), shellFree.getFileStatus(path("sticky")).getPermission());
    FileStatus[] theirs = sorted(hadoops.listStatus(path("folder")));
    FileStatus[] ours = sorted(shellFree.listStatus(path("folder")));
    assertEquals(2, ours.length);
    assertEquals(theirs.length, ours.length);
    for (int i = 0; i < ours.length; i++) {
      assertSameStatus(theirs[i], ours[i]);
    }
    List<LocatedFileStatus> located = list(shellFree.listFiles(path("folder"), true));
    assertEquals(1, located.size());
    assertSameStatus(hadoops.getFileStatus(path("folder/file.parquet")), located.get(0));
  }

  @Test
  void aMissingPathIsNotFound() {
    assertThrows(FileNotFoundException.class, () -> shellFree.getFileStatus(path("nothing")));
    assertThrows(FileNotFoundException.class, () -> shellFree.listStatus(path("nothing")));
    assertThrows(
        FileNotFoundException.class,
        () -> shellFree.setPermission(path("nothing"), new FsPermission((short) 0644)));
  }

  private Path path(String relative) {
    return new Path(dir.toUri().toString(), relative);
  }

  private static void assertSameStatus(FileStatus expected, FileStatus actual) {
    String where = actual.getPath().toString();
    assertEquals(expected.getPath(), actual.getPath(), where);
    assertEquals(expected.isDirectory(), actual.isDirectory(), where);
    assertEquals(expected.getLen(), actual.getLen(), where);
    assertEquals(expected.getModificationTime(), actual.getModificationTime(), where);
    assertEquals(expected.getPermission(), actual.getPermission(), where);
    assertEquals(expected.getOwner(), actual.getOwner(), where);
    assertEquals(expected.getGroup(), actual.getGroup(), where);
    assertTrue(!actual.getOwner().isEmpty() && !actual.getGroup().isEmpty(), where);
  }

  private static FileStatus[] sorted(FileStatus[] statuses) {
    java.util.Arrays.sort(statuses, Comparator.comparing(FileStatus::getPath));
    return statuses;
  }

  private static List<LocatedFileStatus> list(RemoteIterator<LocatedFileStatus> files)
      throws IOException {
    List<LocatedFileStatus> all = new ArrayList<>();
    while (files.hasNext()) {
      all.add(files.next());
    }
    return all;
  }
}
