import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// Frequent questions (issue 16): the topic list first; a search on the letter keyboard second.
// A search offers at most three approved questions and "none of these"; nothing is answered
// on a guess. No match or "none of these": the topic list, booking, a written question to the
// office (a form with a dated receipt, issue 17) or a walk-in ticket.
Rectangle {
    id: screen
    required property QtObject flowVm
    required property QtObject questionsVm
    readonly property QtObject vm: questionsVm

    color: Theme.background

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        TopBar {
            Layout.fillWidth: true
            title: screen.flowVm.officeName
            flowVm: screen.flowVm
            onHome: screen.flowVm.home()
            onBack: screen.vm.back()
        }

        ColumnLayout {
            id: head
            Layout.fillWidth: true
            Layout.margins: Math.round(Theme.spacing * 0.8)
            spacing: Math.round(Theme.spacing / 2)

            BodyText {
                objectName: "questions_title"
                Layout.fillWidth: true
                text: qsTr("Frequent questions")
                font.pixelSize: Theme.title
                font.weight: Font.Bold
            }

            // The search field: tap to type on the keyboard below. Shows what was typed only.
            Rectangle {
                objectName: "questions_search_field"
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.buttonHeight
                radius: Theme.radius
                color: Theme.surface
                border.width: screen.vm.keyboardOpen ? 4 : 2
                border.color: screen.vm.keyboardOpen ? Theme.focus : Theme.border
                Accessible.role: Accessible.Button
                Accessible.name: qsTr("Search the questions")
                Accessible.onPressAction: screen.vm.openKeyboard()
                Text {
                    objectName: "questions_typed"
                    anchors.fill: parent
                    anchors.leftMargin: Theme.spacing
                    anchors.rightMargin: Theme.spacing
                    verticalAlignment: Text.AlignVCenter
                    horizontalAlignment: Text.AlignLeft
                    text: screen.vm.typedText !== "" ? screen.vm.typedText
                                                     : qsTr("Search the questions")
                    textFormat: Text.PlainText
                    elide: Text.ElideLeft
                    color: screen.vm.typedText !== "" ? Theme.text : Theme.textMuted
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.body
                    Accessible.ignored: true
                }
                MouseArea {
                    anchors.fill: parent
                    onClicked: screen.vm.openKeyboard()
                }
            }

            BodyText {
                objectName: "questions_keyboard_note"
                visible: screen.vm.keyboardOpen && screen.vm.keyboardNote !== ""
                Layout.fillWidth: true
                text: screen.vm.keyboardNote
                color: Theme.textMuted
                font.pixelSize: Theme.small
            }

            SearchKeyboard {
                visible: screen.vm.keyboardOpen
                Layout.fillWidth: true
                rows: screen.vm.keyRows
                switchLabel: screen.vm.switchKeysLabel
                words: screen.vm.keyWords
                pinyin: screen.vm.keyboardPinyin
                composition: screen.vm.composition
                candidates: screen.vm.candidates
                moreCandidates: screen.vm.hasMoreCandidates
                onCandidate: index => screen.vm.chooseCandidate(index)
                onNextCandidates: screen.vm.moreCandidates()
                onKeepLetters: screen.vm.keepLetters()
                onWord: value => screen.vm.typeWord(value)
                onSwitchKeys: screen.vm.switchKeys()
                onKey: value => screen.vm.typeKey(value)
                onSpace: screen.vm.typeSpace()
                onErase: screen.vm.erase()
                onClear: screen.vm.clearText()
                onSearch: screen.vm.search()
            }
        }

        Flickable {
            id: flick
            objectName: "questions_list"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: width
            contentHeight: body.implicitHeight + 2 * Theme.margin
            boundsBehavior: Flickable.StopAtBounds

            ColumnLayout {
                id: body
                width: Math.min(flick.width - 2 * Math.round(Theme.spacing * 0.8), 1300 * Theme.scale)
                x: (flick.width - width) / 2
                y: Math.round(Theme.spacing / 2)
                spacing: Math.round(Theme.spacing / 2)

                BodyText {
                    objectName: "questions_results_heading"
                    visible: screen.vm.state === "results"
                    Layout.fillWidth: true
                    text: qsTr("Did you mean one of these questions?")
                    font.pixelSize: Theme.heading
                    font.weight: Font.DemiBold
                }
                Repeater {
                    model: screen.vm.state === "results" ? screen.vm.hits : []
                    delegate: ChoiceTile {
                        required property var modelData
                        required property int index
                        objectName: "question_hit_" + index
                        Layout.fillWidth: true
                        label: modelData.question
                        onChosen: screen.vm.chooseTopic(modelData.topicId)
                    }
                }
                BigButton {
                    objectName: "questions_none_of_these"
                    visible: screen.vm.state === "results"
                    Layout.fillWidth: true
                    pixelSize: Theme.body
                    text: qsTr("None of these")
                    onClicked: screen.vm.noneOfThese()
                }

                // Nothing fits, or none of these: the ways on.
                Rectangle {
                    objectName: "questions_message_box"
                    visible: screen.vm.message !== ""
                    Layout.fillWidth: true
                    Layout.preferredHeight: messageText.implicitHeight + 2 * Theme.spacing
                    radius: Theme.radius
                    color: Theme.surface
                    border.width: 3
                    border.color: Theme.border
                    BodyText {
                        id: messageText
                        objectName: "questions_message"
                        anchors.fill: parent
                        anchors.margins: Theme.spacing
                        text: screen.vm.message
                        font.weight: Font.DemiBold
                    }
                }
                GridLayout {
                    visible: screen.vm.state === "no_match" || screen.vm.state === "none_of_these"
                    Layout.fillWidth: true
                    columns: 1
                    rowSpacing: Math.round(Theme.spacing / 2)
                    BigButton {
                        objectName: "questions_show_topics"
                        Layout.fillWidth: true
                        primary: true
                        pixelSize: Theme.body
                        text: qsTr("Show all topics")
                        onClicked: screen.vm.showTopics()
                    }
                    BigButton {
                        objectName: "questions_book"
                        Layout.fillWidth: true
                        pixelSize: Theme.body
                        text: qsTr("Book an appointment")
                        onClicked: screen.vm.bookAppointment()
                    }
                    BigButton {
                        objectName: "questions_write"
                        visible: screen.vm.canWrite
                        Layout.fillWidth: true
                        pixelSize: Theme.body
                        text: qsTr("Ask the office in writing (with a dated receipt)")
                        onClicked: screen.vm.writeToOffice()
                    }
                    BigButton {
                        objectName: "questions_walk_in"
                        visible: screen.vm.fromWelcome
                        Layout.fillWidth: true
                        pixelSize: Theme.body
                        text: qsTr("Walk-in ticket: no appointment? Take a number")
                        onClicked: screen.vm.walkInTicket()
                    }
                }

                BodyText {
                    visible: screen.vm.state === "topics" && !screen.vm.keyboardOpen
                             && screen.vm.topics.length > 0
                    Layout.fillWidth: true
                    text: qsTr("Choose a topic")
                    font.pixelSize: Theme.heading
                    font.weight: Font.DemiBold
                }
                Repeater {
                    model: screen.vm.state === "topics" && !screen.vm.keyboardOpen
                           ? screen.vm.topics : []
                    delegate: ChoiceTile {
                        required property var modelData
                        objectName: "topic_" + modelData.topicId
                        Layout.fillWidth: true
                        label: modelData.question
                        onChosen: screen.vm.chooseTopic(modelData.topicId)
                    }
                }
                // The question is not among the topics: it goes to the office in writing.
                BigButton {
                    objectName: "questions_write_topics"
                    visible: screen.vm.canWrite && screen.vm.state === "topics"
                             && !screen.vm.keyboardOpen
                    Layout.fillWidth: true
                    pixelSize: Theme.body
                    text: qsTr("Not here? Ask the office in writing")
                    onClicked: screen.vm.writeToOffice()
                }
            }
        }
    }
}
