/**
 * Words too common to search for, in the languages the bot speaks by default (English, French,
 * Spanish). A caller's question is searched word by word, any word matching; without this list,
 * "how do I ..." would match every passage, and a question the documents do not answer would still
 * bring back passages instead of nothing. Written without accents: words are compared without them.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  // English
  (
    'a about am an and any are as at be been but by can could did do does for from had has have he her ' +
    'him his how i if in into is it its me my no not of on or our she so than that the their them then ' +
    'there these they this those to us was we were what when where which who whom why will with would ' +
    'you your yours hello hi please thanks thank okay ok want need know tell like get ' +
    // French
    'au aux avec ce ces cet cette dans de des du elle en est et eux il ils je la le les leur lui ma mais ' +
    'me mes moi mon ne nos notre nous on ou par pas pour qu que quel quelle qui sa se ses son sur ta ' +
    'te tes toi ton tu un une vos votre vous comment bonjour merci suis ai as sont ete ' +
    // Spanish
    'al como con cual cuando del el ella ellos es esta este hay las lo los mi mis muy nos para pero por ' +
    'se sin su sus te tu una uno unos y yo hola gracias'
  ).split(' '),
);
