/**
 * Word lists the entity pass uses to refine the tagger's PER/ORG/LOC/MISC spans into kinds:
 * media outlets, organisation cue words, government phrases ("US state department"), titles,
 * landmark cues, place suffixes ("province"), name particles ("al-", "bin") and US state
 * abbreviations for "City, St." containers. Small, hand-kept lists; the trained tagger finds the
 * names and the gazetteers resolve them, these only say what kind of thing a name is.
 */

const words = (s: string): Set<string> => new Set(s.split(/\s+/).filter(Boolean));

/** Media outlets by folded name -> canonical name. */
export const MEDIA: ReadonlyMap<string, string> = new Map<string, string>([
  ['reuters', 'Reuters'], ['ap', 'Associated Press'], ['associated press', 'Associated Press'], ['afp', 'Agence France-Presse'],
  ['agence france presse', 'Agence France-Presse'], ['bbc', 'BBC'], ['cnn', 'CNN'], ['al jazeera', 'Al Jazeera'],
  ['times of india', 'Times of India'], ['new york times', 'The New York Times'], ['the new york times', 'The New York Times'],
  ['washington post', 'The Washington Post'], ['the washington post', 'The Washington Post'], ['the guardian', 'The Guardian'],
  ['tass', 'TASS'], ['ria novosti', 'RIA Novosti'], ['interfax', 'Interfax'], ['xinhua', 'Xinhua'], ['dpa', 'dpa'],
  ['efe', 'EFE'], ['amaq', 'Amaq'], ['amaq news agency', 'Amaq'], ['bloomberg', 'Bloomberg'], ['news18', 'News18'], ['dawn', 'Dawn'],
  ['fox news', 'Fox News'], ['nbc', 'NBC'], ['cbs', 'CBS'], ['abc', 'ABC'], ['npr', 'NPR'], ['upi', 'UPI'], ['ansa', 'ANSA'],
  ['kyodo', 'Kyodo'], ['yonhap', 'Yonhap'], ['irna', 'IRNA'], ['anadolu', 'Anadolu Agency'], ['anadolu agency', 'Anadolu Agency'],
  ['wall street journal', 'The Wall Street Journal'], ['the wall street journal', 'The Wall Street Journal'],
  ['los angeles times', 'Los Angeles Times'], ['financial times', 'Financial Times'], ['the times', 'The Times'],
  ['radio free europe', 'Radio Free Europe'], ['voice of america', 'Voice of America'], ['voa', 'Voice of America'],
]);

/** Organisation cue words (last-word heads) and the kind they imply. */
export const ORG_CUES: ReadonlyMap<string, string> = new Map<string, string>([
  ...['ministry', 'department', 'police', 'army', 'parliament', 'court', 'government', 'forces', 'navy',
    'command', 'battalion', 'agency', 'commission', 'office', 'senate', 'congress', 'guard', 'garrison', 'brigade', 'corps',
    'embassy', 'consulate', 'cabinet', 'directorate', 'regiment', 'division', 'squadron', 'pentagon', 'kremlin'].map((w): [string, string] => [w, 'government_body']),
  ...['front', 'brigades', 'mujahideen', 'militia', 'jihad'].map((w): [string, string] => [w, 'armed_group']),
  ...['university', 'party', 'institute', 'organization', 'organisation', 'association', 'foundation', 'committee',
    'union', 'federation', 'movement', 'center', 'centre', 'society', 'church', 'school', 'college', 'academy', 'network',
    'group', 'council', 'alliance', 'coalition'].map((w): [string, string] => [w, 'organisation']),
  ...['bank', 'company', 'corporation', 'corp', 'corp.', 'inc', 'inc.', 'ltd', 'airlines', 'airways'].map((w): [string, string] => [w, 'company']),
  ...['times', 'post', 'news', 'press', 'television', 'radio', 'tv', 'herald', 'tribune', 'gazette', 'journal'].map((w): [string, string] => [w, 'media']),
]);

/** Government bodies named by a country or demonym and a head: "US state department", "Russian foreign ministry". */
export const GOV_PHRASE = /^(?:state department|department of state|foreign ministry|foreign office|interior ministry|defen[cs]e ministry|defen[cs]e department|justice department|treasury department|military|army|armed forces|police|government|security forces|intelligence agency|intelligence services?|navy|air force|embassy)\b/i;

/** Titles: not part of a name, but a sign that a name follows. */
export const TITLES = words(`mr mr. mrs mrs. ms ms. dr dr. gen gen. general col col. colonel lt lt. lieutenant sgt sgt. sergeant
capt capt. captain maj maj. major president prime minister sen sen. senator rep rep. gov gov. governor judge
commander cmdr cmdr. adm adm. admiral brig brig. brigadier sheikh imam mullah emir prof prof. professor father rev rev.
king queen prince princess ambassador mayor chairman`);

/** Last words of a landmark's name ("Crocus City Hall", "Kabul airport"). */
export const LANDMARK_CUES = words('hall airport mosque church cathedral temple synagogue square street road avenue bridge hotel stadium market mall hospital station palace theatre theater arena base camp');

/** Words after a place name that still belong to the toponym ("Kandahar province"). */
export const PLACE_SUFFIX = words('province department region state governorate district county prefecture oblast');

/** Lower-case name particles that stay inside a name ("Shahab al-Muhajir", "Osama bin Laden"). */
export const NAME_PARTICLE = /^(?:al|el|ad|as|ash|an|ar|at|az|ul|ud)-\p{Lu}/u;
export const NAME_CONNECTORS = words('bin ibn abu bint de del da di du van von der la le');

/**
 * Words that introduce another name of the entity just mentioned. (Every alternative starts at a
 * word boundary: one `\b` in front of them all lets the regular expression engine skip most
 * positions twice as fast as a `\b` per alternative.)
 */
export const ALIAS_CUE = /\b(?:(?:by|under|with)\s+(?:his|her|their|its|the)\s+(?:[\w-]+\s+){0,2}(?:name|alias|kunya|moniker|pseudonym|nickname)|(?:also|better|widely|locally|formerly)\s+known\s+as|known\s+as|aliases?|a\.?k\.?a\.?|nom\s+de\s+guerre|kunya|pseudonym|nicknamed|dubbed|called\s+himself|called\s+herself|calls\s+itself|called\s+itself)\s*[,:]?\s*["“‘']?\s*$/i;

/** AP-style and postal US state abbreviations -> postal code (GeoNames admin1 code for the US). */
export const US_STATE_ABBR: ReadonlyMap<string, string> = new Map<string, string>([
  ['ala', 'AL'], ['ariz', 'AZ'], ['ark', 'AR'], ['calif', 'CA'], ['cal', 'CA'], ['colo', 'CO'], ['conn', 'CT'], ['del', 'DE'],
  ['fla', 'FL'], ['ga', 'GA'], ['ill', 'IL'], ['ind', 'IN'], ['kan', 'KS'], ['kans', 'KS'], ['ky', 'KY'], ['la', 'LA'], ['md', 'MD'],
  ['mass', 'MA'], ['mich', 'MI'], ['minn', 'MN'], ['miss', 'MS'], ['mo', 'MO'], ['mont', 'MT'], ['neb', 'NE'], ['nebr', 'NE'],
  ['nev', 'NV'], ['n h', 'NH'], ['n j', 'NJ'], ['n m', 'NM'], ['n y', 'NY'], ['n c', 'NC'], ['n d', 'ND'], ['okla', 'OK'],
  ['ore', 'OR'], ['pa', 'PA'], ['penn', 'PA'], ['r i', 'RI'], ['s c', 'SC'], ['s d', 'SD'], ['tenn', 'TN'], ['tex', 'TX'],
  ['vt', 'VT'], ['va', 'VA'], ['wash', 'WA'], ['w va', 'WV'], ['wis', 'WI'], ['wisc', 'WI'], ['wyo', 'WY'], ['d c', 'DC'],
]);

/** Postal codes written in capitals after "City, " ("Orlando, FL"). */
export const US_POSTAL: ReadonlySet<string> = new Set(
  'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC'.split(' '),
);

/** Capitalised words that are not names by themselves (sentence openers, headings, adverbs). */
export const COMMON = words(`
a an the this that these those there here it its he she his her they their them we our you your i my me
in on at by for from with without of to into onto over under after before during since until despite between
among amid amidst against about above below across through throughout toward towards near around beyond within
and or but nor yet so if when while where whereas because although though as than then also however moreover
furthermore additionally meanwhile instead nevertheless still thus therefore hence indeed already even only
what which who whom whose why how whether all any both each every few many most much several some such no not
according considering given following including regarding concerning appointed zoom share source related
big picture lines reading read more see watch listen photo video image file update updated breaking live
today yesterday tomorrow tonight sources officials police
jan feb mar apr jun jul aug sep sept oct nov dec january february march april june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
is are was were be been being has have had do does did will would can could should may might must
`);
