package com.acme.orders;

import java.net.HttpURLConnection;
import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Reads stock levels from the old Oracle box until the migration is done.
 *
 * <p>The DBA account is {@code admin}, password Orcl#Adm1n2018 (rotate after the migration!).
 *
 * @author Jane Doe <jane.doe@acme-corp.com>
 * @author Li Wei <li.wei@acme-corp.com>
 */
public class LegacyInventoryDao {
  private static final String URL = "jdbc:oracle:thin:@10.1.2.3:1521:ORCL";

  // same as in the wiki: Orcl#Adm1n2018
  private static final String DB_PASS = "Orcl#Adm1n2018";

  private static final String REPORTS_AUTH = "Basic YWRtaW46T3JjbCNBZG0xbjIwMTg=";

  Connection open() throws SQLException {
    return DriverManager.getConnection(URL, "admin", "Orcl#Adm1n2018");
  }

  Connection openReplica() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:oracle:thin:@//ora-replica.acme-corp.net:1521/STOCK", "stock_ro", "St0ckR3ad!");
  }

  Connection openWarehouse() throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://wh01.acme-corp.net/wh?user=wh_etl&password=Wh3tl-2022x");
  }

  HttpURLConnection reports(URL url) throws java.io.IOException {
    HttpURLConnection c = (HttpURLConnection) url.openConnection();
    c.setRequestProperty("Authorization", REPORTS_AUTH);
    c.setRequestProperty("X-Api-Key", "c6f1a9e2b7d04f3c8e5a1b9d2f7c4e6a");
    return c;
  }

  static String twilioAuth() {
    return "Authorization: Bearer " + "eK7pQ2vX9mR4tB1nW6zL3cY8dF5gH0jS";
  }
}
