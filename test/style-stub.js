/** Stylesheets (css/scss) are irrelevant in jsdom: every import resolves to this empty module. */
module.exports = {};
