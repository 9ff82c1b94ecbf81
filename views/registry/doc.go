// Package registry holds the model-registry screens: the registered models
// list (KindModels), one model's versions (KindModel) and one version's
// detail (KindVersion), with the keyboard actions on versions — set, move
// and delete aliases, version tags, descriptions, legacy stages, quality
// gates with approve/reject, the alias history and rollback. Every write
// goes through package promote behind a confirmation whose default is No.
package registry
