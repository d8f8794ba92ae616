package dev.ecaprovisioner.gates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecaprovisioner.testing.RepositoryPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator.ReplaceUnderscores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The third-party files the gates read stay exactly as upstream published them: each folder carries the upstream
 * licence, where the files come from ({@code SOURCE.md}) and the checksum of every file ({@code SHA256SUMS}, in the
 * format {@code sha256sum} writes and {@code sha256sum -c} checks).
 */
@DisplayNameGeneration(ReplaceUnderscores.class)
class ThirdPartyFilesTest {
  private static final List<String> OWN_FILES = List.of("LICENSE", "SOURCE.md", "SHA256SUMS");

  static Stream<Path> folders() throws IOException {
    Path thirdParty = RepositoryPaths.repositoryRoot().resolve(RepositoryPaths.THIRD_PARTY);
    try (Stream<Path> children = Files.list(thirdParty)) {
      List<Path> folders = children.filter(Files::isDirectory).sorted().toList();
      assertThat(folders).isNotEmpty();
      return folders.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("folders")
  void carries_its_licence_and_origin(Path folder) throws IOException {
    assertThat(Files.readString(folder.resolve("LICENSE"))).contains("Permission is hereby granted");
    assertThat(Files.readString(folder.resolve("SOURCE.md"))).contains("https://github.com/", "Taken into this repository");
  }

  @ParameterizedTest
  @MethodSource("folders")
  void holds_each_file_byte_for_byte_as_its_checksum_list_says(Path folder) throws IOException {
    Map<String, String> listed = new TreeMap<>();
    for (String line : Files.readAllLines(folder.resolve("SHA256SUMS"))) {
      String[] parts = line.split(" {2}", 2);
      assertThat(parts).as("line of SHA256SUMS in " + folder + ": " + line).hasSize(2);
      listed.put(parts[1], parts[0]);
    }
    Map<String, String> actual;
    try (Stream<Path> files = Files.list(folder)) {
      actual = files.filter(f -> !OWN_FILES.contains(f.getFileName().toString()))
          .collect(Collectors.toMap(f -> f.getFileName().toString(), ThirdPartyFilesTest::sha256, (a, b) -> a, TreeMap::new));
    }

    assertThat(actual).as("the files of " + folder + " against its SHA256SUMS").isEqualTo(listed);
  }

  private static String sha256(Path file) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
