package dev.repotune.extractors.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The lexical baseline a user's retriever must beat: Lucene BM25 (k1 = 1.2, b = 0.75, Lucene's defaults)
 * over one repository's documents, held in memory. Title and text are indexed as one field, as
 * Anserini's "flat" BEIR indexes do, with {@link CodeAnalyzer}'s words of code.
 *
 * <p>A query is free text, never Lucene query syntax: it goes through the same analyzer and each distinct
 * term becomes one optional clause, boosted by how often the query says it (Anserini's bag-of-words
 * query). So {@code Element.selectXpath(String, Class)}, {@code a && b}, {@code "unbalanced} or {@code
 * foo:bar*} are words like any other and nothing can throw a parse error.
 *
 * <p>Deterministic: documents are stored sorted by id (an index sort), so Lucene's own tie-break, the
 * lower document number, is the lower id, also at the cut of the top k; hits are then ordered by score,
 * high first, then id. Thread-safe for searches; close it to free the index.
 */
public final class Bm25Index implements AutoCloseable {
  private static final String ID = "id";
  private static final String CONTENTS = "contents";

  private final CodeAnalyzer analyzer = new CodeAnalyzer();
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final int size;

  private Bm25Index(DirectoryReader reader) {
    this.reader = reader;
    this.searcher = new IndexSearcher(reader);
    this.searcher.setSimilarity(new BM25Similarity());
    this.size = reader.numDocs();
  }

  /** An index of {@code docs}; their ids must be distinct. */
  public static Bm25Index build(Collection<Doc> docs) {
    Set<String> seen = new HashSet<>();
    for (Doc d : docs) {
      if (!seen.add(d.id())) {
        throw new IllegalArgumentException("duplicate document id: " + d.id());
      }
    }
    ByteBuffersDirectory dir = new ByteBuffersDirectory();
    IndexWriterConfig config = new IndexWriterConfig(new CodeAnalyzer());
    config.setSimilarity(new BM25Similarity());
    config.setIndexSort(new Sort(new SortField(ID, SortField.Type.STRING)));
    try (IndexWriter writer = new IndexWriter(dir, config)) {
      for (Doc d : docs) {
        Document doc = new Document();
        doc.add(new StoredField(ID, d.id()));
        doc.add(new SortedDocValuesField(ID, new BytesRef(d.id())));
        doc.add(new TextField(CONTENTS, d.title() + "\n" + d.text(), Field.Store.NO));
        writer.addDocument(doc);
      }
      writer.forceMerge(1);
      writer.commit();
      return new Bm25Index(DirectoryReader.open(dir));
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory index", e);
    }
  }

  /** How many documents the index holds. */
  public int size() {
    return size;
  }

  /**
   * The {@code k} best documents for a free-text query, best first (rank 1); fewer when fewer documents
   * share a word with it, none when the query has no words left after the analyzer.
   */
  public List<Hit> search(String query, int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0: " + k);
    }
    Query q = toQuery(query);
    if (q == null || k == 0 || size == 0) {
      return List.of();
    }
    try {
      ScoreDoc[] top = searcher.search(q, Math.min(k, size)).scoreDocs;
      StoredFields stored = searcher.storedFields();
      record Scored(String id, float score) {}
      List<Scored> scored = new ArrayList<>(top.length);
      for (ScoreDoc sd : top) {
        scored.add(new Scored(stored.document(sd.doc).get(ID), sd.score));
      }
      scored.sort(
          Comparator.comparingDouble((Scored s) -> -s.score()).thenComparing(Scored::id));
      List<Hit> hits = new ArrayList<>(scored.size());
      for (Scored s : scored) {
        hits.add(new Hit(s.id(), s.score(), hits.size() + 1));
      }
      return hits;
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory index", e);
    }
  }

  /** A run for {@link RetrievalMetrics}: each query's top {@code k} ids, by query id. */
  public Map<String, List<String>> run(Map<String, String> queries, int k) {
    Map<String, List<String>> out = new TreeMap<>();
    queries.forEach(
        (id, text) -> out.put(id, search(text, k).stream().map(Hit::id).toList()));
    return out;
  }

  /**
   * The query's distinct terms as optional clauses boosted by their count; null when it has none. Past
   * Lucene's clause limit the first terms are kept, so a pasted stack trace cannot throw either.
   */
  private Query toQuery(String text) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String t : analyzer.terms(text == null ? "" : text)) {
      if (counts.containsKey(t) || counts.size() < IndexSearcher.getMaxClauseCount()) {
        counts.merge(t, 1, Integer::sum);
      }
    }
    if (counts.isEmpty()) {
      return null;
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    counts.forEach(
        (term, n) -> {
          Query tq = new TermQuery(new Term(CONTENTS, term));
          b.add(n == 1 ? tq : new BoostQuery(tq, n), BooleanClause.Occur.SHOULD);
        });
    return b.build();
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
