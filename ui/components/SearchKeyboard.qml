import QtQuick
import QtQuick.Layouts
import ".."

// The letter keys of the Questions search (issue 16), in the layout of the session's language
// (core/search_keyboard.py). Rows follow the reading direction: under Arabic and Persian the
// layout mirrors, so the first key of each row sits on the right, as on their keyboards.
// Chinese: whole-word keys, the Pinyin candidate row, then the letters that compose Pinyin.
Column {
    id: keyboard
    objectName: "search_keyboard"
    required property var rows
    // The key to the other letters (Latin, or back to the session's script); "": none.
    property string switchLabel: ""
    // Whole words as keys (Chinese: the office's words, one tap each).
    property var words: []
    // The letters compose Pinyin: the candidate row (core/pinyin_input.py).
    property bool pinyin: false
    property string composition: ""
    property var candidates: []
    property bool moreCandidates: false
    signal candidate(int index)
    signal nextCandidates()
    signal keepLetters()
    signal key(string value)
    signal word(string value)
    signal switchKeys()
    signal space()
    signal erase()
    signal clear()
    signal search()

    readonly property int gap: Math.max(4, Math.round(Theme.spacing / 4))
    // Taller than the minimum: twelve keys share a row, so the height gives the finger room.
    readonly property int keyHeight: Math.max(Theme.touchMin, Math.round(Theme.keySize * 0.75))
    readonly property int columns: Math.max(10, ...rows.map(row => row.length))
    readonly property int keyWidth: Math.max(Theme.touchMin,
                                             Math.floor((width - (columns - 1) * gap) / columns))
    spacing: gap

    Flow {
        objectName: "search_words"
        visible: keyboard.words.length > 0
        width: parent.width
        spacing: keyboard.gap
        Repeater {
            model: keyboard.words
            delegate: BigButton {
                required property string modelData
                required property int index
                objectName: "qword_" + index
                height: keyboard.keyHeight
                padding: Math.round(Theme.spacing / 2)
                pixelSize: Theme.heading
                text: modelData
                onClicked: keyboard.word(modelData)
            }
        }
    }
    CandidateRow {
        visible: keyboard.pinyin
        width: parent.width
        namePrefix: "qkey_"
        keyHeight: keyboard.keyHeight
        composition: keyboard.composition
        candidates: keyboard.candidates
        more: keyboard.moreCandidates
        onChosen: index => keyboard.candidate(index)
        onNextPage: keyboard.nextCandidates()
        onKeepLetters: keyboard.keepLetters()
    }
    Repeater {
        model: keyboard.rows
        delegate: Row {
            required property var modelData
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: keyboard.gap
            Repeater {
                model: modelData
                delegate: BigButton {
                    required property string modelData
                    objectName: "qkey_" + modelData
                    width: keyboard.keyWidth
                    height: keyboard.keyHeight
                    padding: 2
                    pixelSize: Theme.heading
                    text: modelData
                    onClicked: keyboard.key(modelData)
                }
            }
        }
    }
    RowLayout {
        width: parent.width
        spacing: keyboard.gap
        BigButton {
            objectName: "qkey_clear"
            Layout.preferredHeight: keyboard.keyHeight
            pixelSize: Theme.small
            text: qsTr("Clear")
            onClicked: keyboard.clear()
        }
        BigButton {
            objectName: "qkey_switch"
            visible: keyboard.switchLabel !== ""
            Layout.preferredHeight: keyboard.keyHeight
            pixelSize: Theme.small
            text: keyboard.switchLabel
            accessibleName: qsTr("Other letters")
            onClicked: keyboard.switchKeys()
        }
        BigButton {
            objectName: "qkey_space"
            Layout.fillWidth: true
            Layout.preferredHeight: keyboard.keyHeight
            pixelSize: Theme.small
            text: qsTr("Space")
            onClicked: keyboard.space()
        }
        BigButton {
            objectName: "qkey_erase"
            Layout.preferredHeight: keyboard.keyHeight
            pixelSize: Theme.small
            icon: "⌫"
            text: qsTr("Erase")
            onClicked: keyboard.erase()
        }
        BigButton {
            objectName: "qkey_search"
            Layout.preferredHeight: keyboard.keyHeight
            primary: true
            pixelSize: Theme.small
            text: qsTr("Search")
            onClicked: keyboard.search()
        }
    }
}
