package io.claimlens.io;

import io.claimlens.config.ClaimlensException;
import io.claimlens.config.Policy;
import io.claimlens.config.PolicyParser;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Loads the policy: a file named on the command line (any Hadoop URI), or the shipped one. */
public final class PolicySource {
  /** The shipped policy, bundled from {@code jobs/policies/marketplaces.json}. */
  public static final String BUNDLED = "claimlens/policies/marketplaces.json";

  private PolicySource() {}

  /** The policy at {@code location}, or the bundled one when empty. */
  public static Policy load(Optional<String> location, Configuration hadoopConf) {
    if (location.isEmpty()) {
      return PolicyParser.parse("classpath:" + BUNDLED, bundled());
    }
    Path path = new Path(location.get());
    try {
      FileSystem fs = path.getFileSystem(hadoopConf);
      try (FSDataInputStream in = fs.open(path)) {
        return PolicyParser.parse(location.get(), in.readAllBytes());
      }
    } catch (IOException e) {
      throw ClaimlensException.badPolicy(
          "policy " + location.get() + ": cannot read it: " + e.getMessage());
    }
  }

  private static byte[] bundled() {
    try (InputStream in = PolicySource.class.getClassLoader().getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException("the application jar lacks " + BUNDLED);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read bundled " + BUNDLED, e);
    }
  }
}
