package dev.ecaprovisioner.gates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.testing.RepositoryPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator.ReplaceUnderscores;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(ReplaceUnderscores.class)
class ApexSuppressionReasonsTest {

  @Test
  void every_PMD_suppression_in_force_app_gives_its_reason() {
    Path forceApp = RepositoryPaths.repositoryRoot().resolve("force-app");

    assertThat(ApexSuppressionReasons.findUnexplained(forceApp)).isEmpty();
  }

  @Nested
  class A_suppression {
    @TempDir Path tree;

    @Test
    void with_a_comment_on_the_line_above_is_accepted() throws IOException {
      apex("""
          public with sharing class Reader {
              // Why: the caller's object is checked with Schema describe before this query runs.
              @SuppressWarnings('PMD.ApexCRUDViolation')
              public static List<Account> read() { return [SELECT Id FROM Account WITH USER_MODE]; }
          }
          """);

      assertThat(ApexSuppressionReasons.findUnexplained(tree)).isEmpty();
    }

    @Test
    void with_a_comment_on_the_same_line_is_accepted() throws IOException {
      apex("""
          public with sharing class Reader {
              @SuppressWarnings('PMD.ApexCRUDViolation') // reads only the user's own record
              public static User me() { return null; }
              String url = 'http://localhost'; // NOPMD - a loopback address used only in tests
          }
          """);

      assertThat(ApexSuppressionReasons.findUnexplained(tree)).isEmpty();
    }

    @Test
    void without_a_reason_is_reported_with_file_and_line() throws IOException {
      Path file = apex("""
          public with sharing class Reader {
              /**
               * @description Reads.
               */
              @SuppressWarnings('PMD.ApexCRUDViolation, PMD.ApexSharingViolations')
              public static List<Account> read() { return null; }
              String url = 'http://example.com'; // NOPMD
          }
          """);

      assertThat(ApexSuppressionReasons.findUnexplained(tree)).containsExactly(
          file + ":5: @SuppressWarnings('PMD.ApexCRUDViolation, PMD.ApexSharingViolations') without a reason:"
              + " put a // comment saying why on the line above",
          file + ":7: NOPMD without a reason: write why after it (// NOPMD - reason)");
    }

    @Test
    void of_something_other_than_PMD_is_not_this_checks_business() throws IOException {
      apex("""
          @SuppressWarnings('sf:AvoidGlobalModifier')
          global with sharing class Api {}
          """);

      assertThat(ApexSuppressionReasons.findUnexplained(tree)).isEmpty();
    }

    private Path apex(String source) throws IOException {
      Path file = tree.resolve("main/default/classes/Reader.cls");
      Files.createDirectories(file.getParent());
      return Files.writeString(file, source);
    }
  }
}
