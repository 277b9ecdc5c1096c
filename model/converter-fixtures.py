#!/usr/bin/python3
"""
Writes test/fixtures/models/converters/*.onnx and, next to each, <name>.expected.json: a few input rows and what
scikit-learn (or XGBoost) itself predicts for them, the oracle the TypeScript tests compare onnxruntime-node with.

skl2onnx and onnxmltools are not installable here (no PyPI; Debian packages neither), so each graph is built with
onnx.helper node for node as those converters emit it: the same op types, domains, opsets, attribute names and
graph input/output names. The weights and trees are those of models fitted here by scikit-learn 1.2 (Debian
python3-sklearn) and XGBoost 1.7 (python3-xgboost) on scikit-learn's bundled data sets.

Layouts followed (read from the converters' sources: skl2onnx's linear_classifier, linear_regressor and zip_map
converters, onnxmltools' LightGbm and XGBoost converters and their _parse modules):
- skl2onnx 1.16 and later (convert_sklearn, target_opset {'': 17, 'ai.onnx.ml': 1}):
  LogisticRegression, multinomial → ai.onnx.ml LinearClassifier(multi_class=1, post_transform=SOFTMAX) →
    (label, probability_tensor); Normalizer(norm=L1) → probabilities; then the ZipMap step: Cast(to=INT64)
    label → output_label (Identity when the classes are strings) and ZipMap(classlabels_int64s | classlabels_strings)
    probabilities → output_probability. With options {'zipmap': False} the outputs are `label` and `probabilities`.
  LogisticRegression, binary → LinearClassifier(coefficients [-w, w], intercepts [-b, b], post_transform=LOGISTIC)
    → (label, probabilities) directly, then the same ZipMap step.
  Pipeline(StandardScaler, …) → ai.onnx.ml Scaler(offset=mean, scale=1/std) → variable, then the classifier.
  LogisticRegression, DoubleTensorType (LinearClassifier has no double version) → MatMul(coef) → Add(intercept) →
    raw_scores; ArgMax(axis=1) → ArrayFeatureExtractor(classes initializer) → Reshape([-1]) → `label` (string
    classes); Softmax → `probabilities` double; here with {'zipmap': False} (ZipMap takes float only).
  LinearRegression, FloatTensorType → ai.onnx.ml LinearRegressor → `variable` float [None, 1].
  LinearRegression, DoubleTensorType → MatMul(coef) → Add(intercept) → Reshape([-1, 1]) → `variable` double [None, 1]
    (LinearRegressor has no double version).
  Input `float_input` (`double_input` for doubles), batch dimension None (a dim with neither value nor name).
- onnxmltools 1.12 and later, LightGBM (convert_lightgbm, zipmap=True): TreeEnsembleClassifier(BRANCH_LEQ, post_transform
    SOFTMAX | LOGISTIC, classlabels_int64s) → (label_tensor, probability_tensor); Identity → lgbmlabel,
    lgbmprobabilities; Cast(to=INT64) → `label`, ZipMap → `probabilities`. LGBMRegressor → TreeEnsembleRegressor →
    output → Identity → `variable`. LightGBM itself is not installable here: the trees are scikit-learn
    GradientBoosting trees, whose prediction is the same sum of leaf values through softmax / sigmoid / identity;
    the initial raw score is folded into the first tree's leaves as LightGBM's boost_from_average does.
- onnxmltools 1.12 and later, XGBoost (convert_xgboost): TreeEnsembleClassifier(BRANCH_LT, LOGISTIC for binary:logistic with
    class_ids all 0, classlabels_int64s) → `label`, `probabilities` (no ZipMap); XGBRegressor → TreeEnsembleRegressor
    (base_values [base_score]) → `variable`. Input named by the caller's initial_types: here `input` with a named
    batch dimension `N`.

Run: /usr/bin/python3 model/converter-fixtures.py   (deterministic: fixed seeds, single-threaded XGBoost)
"""
import json
import os

import numpy as np
import onnx
import xgboost
from onnx import TensorProto, helper
from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits, load_iris, load_wine
from sklearn.ensemble import GradientBoostingClassifier, GradientBoostingRegressor
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'models', 'converters')
ML = 'ai.onnx.ml'
SKL2ONNX = dict(producer_name='skl2onnx', producer_version='1.16.0', domain='ai.onnx', opset={'': 17, ML: 1})
ONNXMLTOOLS = dict(producer_name='OnnxMLTools', producer_version='1.12.0', domain='onnxconverter-common', opset={'': 17, ML: 1})
ROWS = 6


def tensor(name, elem, dims):
    return helper.make_tensor_value_info(name, elem, dims)


def zipmap_output(name, key_type):
    """seq(map(int64 | string, float)) as skl2onnx and onnxmltools declare the ZipMap output."""
    map_type = onnx.TypeProto()
    map_type.map_type.key_type = key_type
    map_type.map_type.value_type.tensor_type.elem_type = TensorProto.FLOAT
    return helper.make_value_info(name, helper.make_sequence_type_proto(map_type))


def save(name, graph, producer, expected):
    model = helper.make_model(
        graph,
        producer_name=producer['producer_name'],
        producer_version=producer['producer_version'],
        domain=producer['domain'],
        model_version=0,
        opset_imports=[helper.make_opsetid(d, v) for d, v in producer['opset'].items()],
    )
    model.ir_version = 8
    onnx.checker.check_model(model)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, f'{name}.onnx'), 'wb') as f:
        f.write(model.SerializeToString())
    with open(os.path.join(OUT, f'{name}.expected.json'), 'w') as f:
        fields = {'model': f'{name}.onnx', **expected}
        f.write('{\n' + ',\n'.join(f' {json.dumps(k)}: {json.dumps(v)}' for k, v in fields.items()) + '\n}\n')


def sample_rows(x, y):
    """ROWS rows spread over the data set (every class when it is a classification set)."""
    picks = np.linspace(0, len(x) - 1, ROWS).astype(int)
    return x[picks].astype(np.float32)


def zipmap_step(nodes, label, probabilities, classes, out_label='output_label', out_prob='output_probability'):
    """skl2onnx/onnxmltools' ZipMap step: Cast (int classes) or Identity (string classes), then ZipMap."""
    if isinstance(classes[0], str):
        nodes.append(helper.make_node('Identity', [label], [out_label], name='Identity'))
        nodes.append(helper.make_node('ZipMap', [probabilities], [out_prob], name='ZipMap', domain=ML, classlabels_strings=classes))
        return [tensor(out_label, TensorProto.STRING, [None]), zipmap_output(out_prob, TensorProto.STRING)]
    nodes.append(helper.make_node('Cast', [label], [out_label], name='Cast', to=TensorProto.INT64))
    nodes.append(helper.make_node('ZipMap', [probabilities], [out_prob], name='ZipMap', domain=ML, classlabels_int64s=classes))
    return [tensor(out_label, TensorProto.INT64, [None]), zipmap_output(out_prob, TensorProto.INT64)]


def classifier_expected(model, rows, classes):
    return {
        'kind': 'classifier',
        'classNames': [str(c) for c in classes],
        'rows': rows.tolist(),
        'labels': [c.item() if hasattr(c, 'item') else c for c in model.predict(rows)],
        'probabilities': model.predict_proba(rows).tolist(),
    }


def regressor_expected(model, rows):
    return {'kind': 'regressor', 'rows': rows.tolist(), 'values': np.ravel(model.predict(rows)).tolist()}


# ---------------------------------------------------------------- skl2onnx LogisticRegression


def logistic_nodes(lr, input_name, classes):
    """LinearClassifier (+ Normalizer when multinomial) as skl2onnx's linear_classifier converter writes it."""
    coef = lr.coef_.flatten().astype(float).tolist()
    intercepts = lr.intercept_.tolist()
    multinomial = len(classes) > 2
    if not multinomial:
        coef = [-c for c in coef] + coef
        intercepts = [-b for b in intercepts] + intercepts
    labels = {'classlabels_strings': classes} if isinstance(classes[0], str) else {'classlabels_ints': classes}
    attrs = dict(coefficients=coef, intercepts=intercepts, multi_class=1 if multinomial else 0,
                 post_transform='SOFTMAX' if multinomial else 'LOGISTIC', **labels)
    if not multinomial:
        return [helper.make_node('LinearClassifier', [input_name], ['label', 'probabilities'], name='LinearClassifier', domain=ML, **attrs)]
    return [
        helper.make_node('LinearClassifier', [input_name], ['label', 'probability_tensor'], name='LinearClassifier', domain=ML, **attrs),
        helper.make_node('Normalizer', ['probability_tensor'], ['probabilities'], name='Normalizer', domain=ML, norm='L1'),
    ]


def skl2onnx_logistic(name, x, y, classes, zipmap=True, scaled=False):
    lr = LogisticRegression(max_iter=5000)
    model = make_pipeline(StandardScaler(), lr) if scaled else lr
    model.fit(x, y)
    assert lr.classes_.tolist() == classes, lr.classes_
    features = x.shape[1]
    nodes = []
    source = 'float_input'
    if scaled:
        scaler = model.steps[0][1]
        nodes.append(helper.make_node('Scaler', ['float_input'], ['variable'], name='Scaler', domain=ML,
                                      offset=scaler.mean_.astype(float).tolist(), scale=(1 / scaler.scale_).astype(float).tolist()))
        source = 'variable'
    nodes += logistic_nodes(lr, source, classes)
    if zipmap:
        outputs = zipmap_step(nodes, 'label', 'probabilities', classes)
    else:
        label_type = TensorProto.STRING if isinstance(classes[0], str) else TensorProto.INT64
        outputs = [tensor('label', label_type, [None]), tensor('probabilities', TensorProto.FLOAT, [None, len(classes)])]
    graph = helper.make_graph(nodes, 'ONNX(LogisticRegression)', [tensor('float_input', TensorProto.FLOAT, [None, features])], outputs)
    save(name, graph, SKL2ONNX, classifier_expected(model, sample_rows(x, y), classes))


def skl2onnx_logistic_double(name, x, y, classes):
    model = LogisticRegression(max_iter=5000).fit(x, y)
    assert model.classes_.tolist() == classes, model.classes_
    n = len(classes)
    initializers = [
        helper.make_tensor('coef', TensorProto.DOUBLE, [x.shape[1], n], model.coef_.T.ravel().tolist()),
        helper.make_tensor('intercept', TensorProto.DOUBLE, [1, n], model.intercept_.tolist()),
        helper.make_tensor('classes', TensorProto.STRING, [n], [c.encode('utf-8') for c in classes]),
        helper.make_tensor('shape_tensor', TensorProto.INT64, [1], [-1]),
    ]
    nodes = [
        helper.make_node('MatMul', ['double_input', 'coef'], ['multiplied'], name='MatMul'),
        helper.make_node('Add', ['multiplied', 'intercept'], ['raw_scores'], name='Add'),
        helper.make_node('ArgMax', ['raw_scores'], ['label1'], name='ArgMax', axis=1),
        helper.make_node('ArrayFeatureExtractor', ['classes', 'label1'], ['array_feature_extractor_result'],
                         name='ArrayFeatureExtractor', domain=ML),
        helper.make_node('Reshape', ['array_feature_extractor_result', 'shape_tensor'], ['label'], name='Reshape'),
        helper.make_node('Softmax', ['raw_scores'], ['probabilities'], name='Softmax', axis=-1),
    ]
    outputs = [tensor('label', TensorProto.STRING, [None]), tensor('probabilities', TensorProto.DOUBLE, [None, n])]
    graph = helper.make_graph(nodes, 'ONNX(LogisticRegression)', [tensor('double_input', TensorProto.DOUBLE, [None, x.shape[1]])],
                              outputs, initializer=initializers)
    save(name, graph, SKL2ONNX, classifier_expected(model, sample_rows(x, y), classes))


# ---------------------------------------------------------------- skl2onnx LinearRegression


def skl2onnx_linear_regression(name, x, y):
    model = LinearRegression().fit(x, y)
    node = helper.make_node('LinearRegressor', ['float_input'], ['variable'], name='LinearRegressor', domain=ML,
                            coefficients=model.coef_.astype(np.float32).tolist(), intercepts=[float(np.float32(model.intercept_))])
    graph = helper.make_graph([node], 'ONNX(LinearRegression)', [tensor('float_input', TensorProto.FLOAT, [None, x.shape[1]])],
                              [tensor('variable', TensorProto.FLOAT, [None, 1])])
    save(name, graph, SKL2ONNX, regressor_expected(model, sample_rows(x, y)))


def skl2onnx_linear_regression_double(name, x, y):
    model = LinearRegression().fit(x, y)
    coef = model.coef_.reshape((-1, 1))
    initializers = [
        helper.make_tensor('coef', TensorProto.DOUBLE, coef.shape, coef.ravel().tolist()),
        helper.make_tensor('intercept', TensorProto.DOUBLE, [1], [float(model.intercept_)]),
        helper.make_tensor('shape_tensor', TensorProto.INT64, [2], [-1, 1]),
    ]
    nodes = [
        helper.make_node('MatMul', ['double_input', 'coef'], ['multiplied'], name='MatMul'),
        helper.make_node('Add', ['multiplied', 'intercept'], ['resh'], name='Add'),
        helper.make_node('Reshape', ['resh', 'shape_tensor'], ['variable'], name='Reshape'),
    ]
    graph = helper.make_graph(nodes, 'ONNX(LinearRegression)', [tensor('double_input', TensorProto.DOUBLE, [None, x.shape[1]])],
                              [tensor('variable', TensorProto.DOUBLE, [None, 1])], initializer=initializers)
    expected = regressor_expected(model, sample_rows(x, y))
    save(name, graph, {**SKL2ONNX, 'opset': {'': 17}}, expected)


# ---------------------------------------------------------------- onnxmltools LightGBM layout (GradientBoosting trees)


def sklearn_tree_attrs(trees, prefix, init, scale):
    """nodes_* and <prefix>_* attributes of sklearn regression trees; trees = [(tree_id, target_id, tree_)]."""
    a = {k: [] for k in ['nodes_treeids', 'nodes_nodeids', 'nodes_featureids', 'nodes_modes', 'nodes_values',
                         'nodes_truenodeids', 'nodes_falsenodeids', 'nodes_missing_value_tracks_true',
                         f'{prefix}_treeids', f'{prefix}_nodeids', f'{prefix}_ids', f'{prefix}_weights']}
    first = set()
    for tree_id, target, t in trees:
        for n in range(t.node_count):
            leaf = t.children_left[n] == -1
            a['nodes_treeids'].append(tree_id)
            a['nodes_nodeids'].append(n)
            a['nodes_featureids'].append(0 if leaf else int(t.feature[n]))
            a['nodes_modes'].append('LEAF' if leaf else 'BRANCH_LEQ')
            a['nodes_values'].append(0.0 if leaf else float(t.threshold[n]))
            a['nodes_truenodeids'].append(0 if leaf else int(t.children_left[n]))
            a['nodes_falsenodeids'].append(0 if leaf else int(t.children_right[n]))
            a['nodes_missing_value_tracks_true'].append(0)
            if leaf:
                # LightGBM's boost_from_average: the first tree of each target carries the initial score.
                bias = init[target] if target not in first else 0.0
                a[f'{prefix}_treeids'].append(tree_id)
                a[f'{prefix}_nodeids'].append(n)
                a[f'{prefix}_ids'].append(target)
                a[f'{prefix}_weights'].append(float(scale * t.value[n][0][0] + bias))
        first.add(target)
    return a


def lightgbm_classifier(name, x, y, classes):
    gb = GradientBoostingClassifier(n_estimators=8, max_depth=2, random_state=0).fit(x, y)
    k = gb.estimators_.shape[1]
    trees = [(i * k + c, c, gb.estimators_[i, c].tree_) for i in range(gb.estimators_.shape[0]) for c in range(k)]
    init = gb._raw_predict_init(x[:1].astype(np.float32))[0].tolist()
    attrs = sklearn_tree_attrs(trees, 'class', init, gb.learning_rate)
    attrs.update(post_transform='SOFTMAX' if k > 1 else 'LOGISTIC', classlabels_int64s=classes)
    nodes = [
        helper.make_node('TreeEnsembleClassifier', ['input'], ['label_tensor', 'probability_tensor'], name='LgbmClassifier', domain=ML, **attrs),
        helper.make_node('Identity', ['label_tensor'], ['lgbmlabel'], name='Identity'),
        helper.make_node('Identity', ['probability_tensor'], ['lgbmprobabilities'], name='Identity1'),
    ]
    outputs = zipmap_step(nodes, 'lgbmlabel', 'lgbmprobabilities', classes, 'label', 'probabilities')
    graph = helper.make_graph(nodes, 'LightGBM', [tensor('input', TensorProto.FLOAT, [None, x.shape[1]])], outputs)
    save(name, graph, ONNXMLTOOLS, classifier_expected(gb, sample_rows(x, y), classes))


def lightgbm_regressor(name, x, y):
    gb = GradientBoostingRegressor(n_estimators=10, max_depth=3, random_state=0).fit(x, y)
    trees = [(i, 0, est.tree_) for i, est in enumerate(gb.estimators_[:, 0])]
    init = gb._raw_predict_init(x[:1].astype(np.float32))[0].tolist()
    attrs = sklearn_tree_attrs(trees, 'target', init, gb.learning_rate)
    attrs.update(post_transform='NONE', n_targets=1)
    nodes = [
        helper.make_node('TreeEnsembleRegressor', ['input'], ['output'], name='LgbmRegressor', domain=ML, **attrs),
        helper.make_node('Identity', ['output'], ['variable'], name='Identity'),
    ]
    graph = helper.make_graph(nodes, 'LightGBM', [tensor('input', TensorProto.FLOAT, [None, x.shape[1]])],
                              [tensor('variable', TensorProto.FLOAT, [None, 1])])
    save(name, graph, ONNXMLTOOLS, regressor_expected(gb, sample_rows(x, y)))


# ---------------------------------------------------------------- onnxmltools XGBoost


def xgboost_tree_attrs(booster, prefix):
    """onnxmltools' XGBConverter.fill_tree_attributes: nodes renumbered depth-first, BRANCH_LT, missing → yes."""
    a = {k: [] for k in ['nodes_treeids', 'nodes_nodeids', 'nodes_featureids', 'nodes_modes', 'nodes_values',
                         'nodes_truenodeids', 'nodes_falsenodeids', 'nodes_missing_value_tracks_true',
                         f'{prefix}_treeids', f'{prefix}_nodeids', f'{prefix}_ids', f'{prefix}_weights']}
    for tree_id, dump in enumerate(booster.get_dump(with_stats=True, dump_format='json')):
        root = json.loads(dump)
        remap = {}

        def number(node):
            remap[node['nodeid']] = len(remap)
            for child in node.get('children', []):
                number(child)

        def fill(node):
            a['nodes_treeids'].append(tree_id)
            a['nodes_nodeids'].append(remap[node['nodeid']])
            if 'children' in node:
                a['nodes_featureids'].append(int(node['split'][1:]))
                a['nodes_modes'].append('BRANCH_LT')
                a['nodes_values'].append(float(node['split_condition']))
                a['nodes_truenodeids'].append(remap[node['yes']])
                a['nodes_falsenodeids'].append(remap[node['no']])
                a['nodes_missing_value_tracks_true'].append(int(node.get('missing', -1) == node['yes']))
                for child in node['children']:
                    fill(child)
            else:
                for k, v in [('featureids', 0), ('modes', 'LEAF'), ('values', 0.0), ('truenodeids', 0), ('falsenodeids', 0),
                             ('missing_value_tracks_true', 0)]:
                    a[f'nodes_{k}'].append(v)
                a[f'{prefix}_treeids'].append(tree_id)
                a[f'{prefix}_nodeids'].append(remap[node['nodeid']])
                a[f'{prefix}_ids'].append(0)
                a[f'{prefix}_weights'].append(float(node['leaf']))

        number(root)
        fill(root)
    return a


def xgboost_binary_classifier(name, x, y):
    model = xgboost.XGBClassifier(n_estimators=10, max_depth=3, random_state=0, n_jobs=1, base_score=0.5).fit(x, y)
    attrs = xgboost_tree_attrs(model.get_booster(), 'class')
    attrs.update(post_transform='LOGISTIC', classlabels_int64s=[0, 1])
    node = helper.make_node('TreeEnsembleClassifier', ['input'], ['label', 'probabilities'], name='TreeEnsembleClassifier', domain=ML, **attrs)
    graph = helper.make_graph([node], 'XGBoost', [tensor('input', TensorProto.FLOAT, ['N', x.shape[1]])],
                              [tensor('label', TensorProto.INT64, ['N']), tensor('probabilities', TensorProto.FLOAT, ['N', 2])])
    save(name, graph, ONNXMLTOOLS, classifier_expected(model, sample_rows(x, y), [0, 1]))


def xgboost_regressor(name, x, y):
    model = xgboost.XGBRegressor(n_estimators=10, max_depth=3, random_state=0, n_jobs=1, base_score=0.5).fit(x, y)
    attrs = xgboost_tree_attrs(model.get_booster(), 'target')
    attrs.update(post_transform='NONE', n_targets=1, base_values=[0.5])
    node = helper.make_node('TreeEnsembleRegressor', ['input'], ['variable'], name='TreeEnsembleRegressor', domain=ML, **attrs)
    graph = helper.make_graph([node], 'XGBoost', [tensor('input', TensorProto.FLOAT, ['N', x.shape[1]])],
                              [tensor('variable', TensorProto.FLOAT, ['N', 1])])
    save(name, graph, ONNXMLTOOLS, regressor_expected(model, sample_rows(x, y)))


def main():
    iris = load_iris()
    wine = load_wine()
    cancer = load_breast_cancer()
    diabetes = load_diabetes()
    digits = load_digits()
    odd = np.isin(digits.target, [1, 3, 5, 7, 9])
    wine_names = np.array(['barolo', 'grignolino', 'barbera'])[wine.target]

    skl2onnx_logistic('skl2onnx-logreg-iris-zipmap', iris.data, iris.target, [0, 1, 2])
    skl2onnx_logistic('skl2onnx-logreg-iris-nozipmap', iris.data, iris.target, [0, 1, 2], zipmap=False)
    skl2onnx_logistic('skl2onnx-logreg-wine-strings', wine.data, wine_names, ['barbera', 'barolo', 'grignolino'], scaled=True)
    skl2onnx_logistic('skl2onnx-logreg-cancer-binary', cancer.data, cancer.target, [0, 1], scaled=True)
    iris_names = np.array(['setosa', 'versicolor', 'virginica'])[iris.target]
    skl2onnx_logistic_double('skl2onnx-logreg-iris-double-strings', iris.data, iris_names, ['setosa', 'versicolor', 'virginica'])
    skl2onnx_linear_regression('skl2onnx-linreg-diabetes', diabetes.data, diabetes.target)
    skl2onnx_linear_regression_double('skl2onnx-linreg-diabetes-double', diabetes.data, diabetes.target)
    lightgbm_classifier('lightgbm-digits-5-classes', digits.data[odd], digits.target[odd], [1, 3, 5, 7, 9])
    lightgbm_regressor('lightgbm-regressor-diabetes', diabetes.data, diabetes.target)
    xgboost_binary_classifier('xgboost-cancer-binary', cancer.data, cancer.target)
    xgboost_regressor('xgboost-regressor-diabetes', diabetes.data, diabetes.target)


if __name__ == '__main__':
    main()
