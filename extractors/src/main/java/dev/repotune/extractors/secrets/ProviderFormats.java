package dev.repotune.extractors.secrets;

import static dev.repotune.extractors.secrets.SecretRedactor.anyCase;
import static dev.repotune.extractors.secrets.SecretRedactor.exact;

import dev.repotune.extractors.secrets.SecretRedactor.Rule;
import java.util.List;

/**
 * Credential formats that providers issue with a fixed prefix or shape, so a match is a secret with no
 * name next to it. The inventory follows gitleaks' default rule set (config/gitleaks.toml, v8.2x) for
 * the formats that carry their own prefix; the formats are facts published by the providers, the rules
 * are written here. Formats that gitleaks finds only by a provider's name next to a random value
 * (Heroku, Okta, Twitch...) are left to the general detectors in {@link SecretRedactor}. Every rule has
 * a literal trigger found with indexOf, so a format costs a vectorised scan per file when absent.
 */
final class ProviderFormats {
  private ProviderFormats() {}

  static final String PRIVATE_KEY = SecretRedactor.PRIVATE_KEY;

  /**
   * How far past a short, common trigger (SK, pat, key-, dp.) a match may end: just past the longest of
   * those formats, so a file full of TASK and path costs little more than the indexOf.
   */
  private static final int SHORT = 200;

  static List<Rule> rules() {
    return List.of(
        // PEM private keys, also as a string literal split over several concatenated lines, or with
        // literal \n escapes (a GCP service-account JSON's "private_key").
        Rule.whole(
            PRIVATE_KEY,
            "-----BEGIN[ A-Z0-9]{0,20}PRIVATE KEY(?: BLOCK)?-----[\\s\\S]{0,20000}?-----END[ A-Z0-9]{0,20}PRIVATE KEY(?: BLOCK)?-----").near(exact("-----BEGIN"), 20_100),
        // A BEGIN whose END was cut off (truncated test data): the base64 lines that follow.
        Rule.whole(
            PRIVATE_KEY,
            "-----BEGIN[ A-Z0-9]{0,20}PRIVATE KEY(?: BLOCK)?-----(?:(?:\\\\[nr]|[\\s\"'+,]){0,20}+[A-Za-z0-9+/=]{8,200}+){0,400}+").near(exact("-----BEGIN"), 20_100),
        Rule.whole("age_secret_key", "\\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\\b").near(exact("AGE-SECRET-KEY-1")),
        Rule.group(SecretRedactor.GCP_SERVICE_ACCOUNT, "\"private_key_id\"\\s{0,10}:\\s{0,10}\"([0-9a-f]{40})\"").near(exact("private_key_id")),
        Rule.whole(SecretRedactor.JWT, "\\beyJ[A-Za-z0-9_-]{8,2000}\\.eyJ[A-Za-z0-9_-]{8,4000}\\.[A-Za-z0-9_-]{8,2000}").near(exact("eyJ")),
        // source control and package registries
        Rule.whole(SecretRedactor.GITHUB_TOKEN, "\\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\\b").near(exact("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_")),
        Rule.whole(
            SecretRedactor.GITLAB_TOKEN,
            "\\b(?:gl(?:pat|dt|rt|ptt|cbt|oas|soat|ffct|imt|ft|agent)-[A-Za-z0-9_-]{20,64}|GR1348941[A-Za-z0-9_-]{20})").near(exact("glpat-", "gldt-", "glrt-", "glptt-", "glcbt-", "gloas-", "glsoat-", "glffct-", "glimt-", "glft-", "glagent-", "GR1348941")),
        Rule.whole("bitbucket_token", "\\bATBB[A-Za-z0-9_=.-]{32,200}").near(exact("ATBB")),
        Rule.whole("atlassian_token", "\\bATATT3[A-Za-z0-9_=\\-]{100,300}").near(exact("ATATT3")),
        Rule.whole("npm_token", "\\bnpm_[A-Za-z0-9]{36}\\b").near(exact("npm_"), SHORT),
        Rule.whole("pypi_token", "\\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000}").near(exact("pypi-AgEIcHlwaS5vcmc")),
        Rule.whole("rubygems_token", "\\brubygems_[a-f0-9]{48}\\b").near(exact("rubygems_")),
        Rule.whole("clojars_token", "\\bCLOJARS_[a-z0-9]{60}\\b").near(exact("CLOJARS_")),
        Rule.whole("docker_token", "\\bdckr_(?:pat|oat)_[A-Za-z0-9_-]{27,64}").near(exact("dckr_")),
        Rule.whole("jfrog_token", "\\b(?:AKCp[A-Za-z0-9]{69}|cmVmdGtu[A-Za-z0-9]{56})\\b").near(exact("AKCp", "cmVmdGtu")),
        Rule.whole("nuget_key", "\\boy2[a-z0-9]{43}\\b").near(exact("oy2"), SHORT),
        // chat and messaging
        Rule.whole(
            SecretRedactor.SLACK_TOKEN,
            "\\b(?:xox[abposre]-[A-Za-z0-9-]{10,250}|xapp-\\d-[A-Z0-9]{6,20}-\\d{6,20}-[a-f0-9]{20,80})|https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{20,200}").near(exact("xox", "xapp-", "hooks.slack")),
        Rule.whole("discord_webhook", "https://(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/\\d{10,25}/[A-Za-z0-9_-]{60,100}").near(exact("/api/webhooks/")),
        Rule.whole("teams_webhook", "https://[a-z0-9-]{1,60}\\.webhook\\.office\\.com/webhookb2/[A-Za-z0-9@/_-]{40,300}").near(exact(".webhook.office.com")),
        Rule.whole("telegram_bot_token", "\\b\\d{8,10}:AA[A-Za-z0-9_-]{33}\\b").near(exact(":AA"), SHORT),
        Rule.whole("twilio_key", "\\bSK[0-9a-fA-F]{32}\\b").near(exact("SK"), SHORT),
        Rule.whole("sendgrid_key", "\\bSG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}\\b").near(exact("SG."), SHORT),
        Rule.whole("sendinblue_key", "\\bxkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}\\b").near(exact("xkeysib-")),
        Rule.whole("mailgun_key", "\\bkey-[a-f0-9]{32}\\b").near(exact("key-"), SHORT),
        Rule.whole("mailchimp_key", "\\b[0-9a-f]{32}-us\\d{1,2}\\b").near(exact("-us"), SHORT),
        // payments and commerce
        Rule.whole(SecretRedactor.STRIPE_KEY, "\\b(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{16,250}\\b|\\bwhsec_[A-Za-z0-9]{32,100}\\b").near(exact("_live_", "_test_", "_prod_", "whsec_")),
        Rule.whole("square_token", "\\b(?:sq0atp-[A-Za-z0-9_-]{22}|sq0csp-[A-Za-z0-9_-]{43}|EAAA[A-Za-z0-9_-]{60})\\b").near(exact("sq0atp-", "sq0csp-", "EAAA")),
        Rule.whole("shopify_token", "\\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\\b").near(exact("shpat_", "shpca_", "shppa_", "shpss_")),
        Rule.whole("flutterwave_key", "\\bFLW(?:SECK|PUBK)_TEST-[a-h0-9]{32}-X\\b|\\bFLWSECK_TEST[a-h0-9]{12}\\b").near(exact("FLWSECK", "FLWPUBK")),
        Rule.whole("shippo_token", "\\bshippo_(?:live|test)_[a-f0-9]{40}\\b").near(exact("shippo_")),
        Rule.whole("easypost_key", "\\bEZ[AT]K[A-Za-z0-9]{54}\\b").near(exact("EZAK", "EZTK")),
        Rule.whole("duffel_token", "\\bduffel_(?:test|live)_[A-Za-z0-9_=-]{43}").near(exact("duffel_")),
        // AI providers
        Rule.whole(
            SecretRedactor.OPENAI_KEY, "\\bsk-(?:proj-|svcacct-|admin-|ant-(?:api|admin)\\d\\d-)?[A-Za-z0-9_-]{32,250}").near(exact("sk-")),
        Rule.whole("huggingface_token", "\\b(?:hf_|api_org_)[A-Za-z]{34}\\b").near(exact("hf_", "api_org_"), SHORT),
        Rule.whole("groq_key", "\\bgsk_[A-Za-z0-9]{52}\\b").near(exact("gsk_"), SHORT),
        Rule.whole("perplexity_key", "\\bpplx-[A-Za-z0-9]{48}\\b").near(exact("pplx-"), SHORT),
        Rule.whole("xai_key", "\\bxai-[A-Za-z0-9]{80}\\b").near(exact("xai-"), SHORT),
        // clouds
        Rule.whole(SecretRedactor.AWS_ACCESS_KEY_ID, "\\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\\b").near(exact("AKIA", "ASIA", "ABIA", "ACCA", "A3T"), SHORT),
        Rule.group(
            SecretRedactor.AWS_SECRET_ACCESS_KEY,
            "(?i:aws)[A-Za-z0-9_.-]{0,30}?(?i:secret|private)[A-Za-z0-9_.-]{0,30}[\"']?\\s{0,5}(?:=|:|=>|:=)\\s{0,5}[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])").near(anyCase("aws")),
        Rule.group(
            SecretRedactor.AZURE_CONNECTION_STRING,
            "(?i:AccountKey|SharedAccessKey|SharedAccessSignature|SharedSecret)\\s{0,3}=\\s{0,3}([A-Za-z0-9+/%&=:_-]{20,400}+)").near(anyCase("accountkey", "sharedaccess", "sharedsecret")),
        Rule.whole("azure_ad_client_secret", "(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])").near(exact("Q~"), SHORT),
        Rule.whole("google_api_key", "\\bAIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])").near(exact("AIza"), SHORT),
        Rule.whole("gcp_oauth_secret", "\\bGOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])").near(exact("GOCSPX-"), SHORT),
        Rule.whole("alibaba_key", "\\bLTAI[A-Za-z0-9]{20}\\b").near(exact("LTAI"), SHORT),
        Rule.whole("digitalocean_token", "\\bdo[opr]_v1_[a-f0-9]{64}\\b").near(exact("_v1_"), SHORT),
        Rule.whole("databricks_token", "\\bdapi[a-f0-9]{32}(?:-\\d)?\\b").near(exact("dapi"), SHORT),
        Rule.whole("cloudflare_origin_ca_key", "\\bv1\\.0-[a-f0-9]{24}-[a-f0-9]{146}\\b").near(exact("v1.0-"), SHORT),
        Rule.whole("flyio_token", "\\b(?:fo1_[A-Za-z0-9_-]{43}|fm[12][ar]?_[A-Za-z0-9+/]{100,1000}={0,3})").near(exact("fo1_", "fm1", "fm2")),
        Rule.whole("heroku_token", "\\bHRKU-AA[A-Za-z0-9_-]{58}\\b").near(exact("HRKU-")),
        Rule.whole("planetscale_token", "\\bpscale_(?:tkn|pw|oauth)_[A-Za-z0-9_=.-]{32,64}").near(exact("pscale_")),
        Rule.whole("scalingo_token", "\\btk-us-[A-Za-z0-9_-]{48}\\b").near(exact("tk-us-"), SHORT),
        Rule.whole("doppler_token", "\\bdp\\.(?:pt|st|ct|scim|audit)\\.[A-Za-z0-9]{40,44}\\b").near(exact("dp."), SHORT),
        Rule.whole("pulumi_token", "\\bpul-[a-f0-9]{40}\\b").near(exact("pul-"), SHORT),
        Rule.whole("prefect_token", "\\bpnu_[A-Za-z0-9]{36}\\b").near(exact("pnu_"), SHORT),
        Rule.whole("terraform_token", "\\b[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}").near(exact(".atlasv1.")),
        // HashiCorp Vault service and batch tokens
        Rule.whole("vault_token", "\\bhv[sbr]\\.[A-Za-z0-9_-]{90,400}").near(exact("hvs.", "hvb.", "hvr.")),
        // observability, SaaS
        Rule.whole("grafana_token", "\\b(?:glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})").near(exact("glc_", "glsa_")),
        Rule.whole("newrelic_key", "\\bNR(?:AK|II|JS|RA)-[A-Za-z0-9]{19,32}\\b").near(exact("NRAK-", "NRII-", "NRJS-", "NRRA-")),
        Rule.whole("dynatrace_token", "\\bdt0c01\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{64}\\b").near(exact("dt0c01.")),
        Rule.whole("sentry_token", "\\b(?:sntrys_eyJ[A-Za-z0-9+/=_-]{60,1000}|sntryu_[a-f0-9]{64})").near(exact("sntrys_", "sntryu_")),
        Rule.whole("postman_key", "\\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\\b").near(exact("PMAK-")),
        Rule.whole("linear_key", "\\blin_api_[A-Za-z0-9]{40}\\b").near(exact("lin_api_")),
        Rule.whole("notion_token", "\\bntn_[0-9]{11}[A-Za-z0-9]{35}\\b").near(exact("ntn_")),
        Rule.whole("airtable_token", "\\bpat[A-Za-z0-9]{14}\\.[a-f0-9]{64}\\b").near(exact("pat"), SHORT),
        Rule.whole("readme_key", "\\brdme_[a-z0-9]{70}\\b").near(exact("rdme_")),
        Rule.whole("onepassword_token", "\\bops_eyJ[A-Za-z0-9+/]{250,4000}={0,3}").near(exact("ops_eyJ")),
        Rule.whole("mapbox_secret_token", "\\bsk\\.eyJ[A-Za-z0-9_-]{50,500}\\.[A-Za-z0-9_-]{20,100}").near(exact("sk.eyJ")),
        Rule.whole("facebook_token", "\\bEAA[MC][A-Za-z0-9]{100,500}").near(exact("EAAM", "EAAC"), SHORT),
        Rule.whole("octopus_key", "\\bAPI-[A-Z0-9]{26}\\b").near(exact("API-"), SHORT),
        Rule.whole("infracost_key", "\\bico-[A-Za-z0-9]{32}\\b").near(exact("ico-"), SHORT),
        Rule.whole("harness_token", "\\b(?:pat|sat)\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{20}\\b").near(exact("pat.", "sat."), SHORT),
        Rule.whole("adobe_client_secret", "\\bp8e-[A-Za-z0-9]{32}\\b").near(exact("p8e-"), SHORT),
        Rule.whole("frameio_token", "\\bfio-u-[A-Za-z0-9_=-]{64}").near(exact("fio-u-")),
        Rule.whole("authress_key", "\\b(?:sc|ext|scauth|authress)_[A-Za-z0-9]{5,30}\\.[A-Za-z0-9]{4,6}\\.acc[_-][A-Za-z0-9-]{10,32}\\.[A-Za-z0-9+/_=-]{30,120}").near(exact(".acc_", ".acc-")));
  }
}
